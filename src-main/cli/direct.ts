import { createHandlers } from '../api/handlers';
import { dispatch } from '../api/dispatch';
import type { CallName, Input, Output, Result } from '../api/contract';
import type { Engine } from '../engine';

export interface DirectClient {
  /** The raw envelope, exactly as the HTTP host would answer it. */
  result(name: string, input: unknown): Promise<Result<unknown>>;
  /** The value, or a thrown Error carrying the envelope's name and message. */
  call<N extends CallName>(name: N, input: Input<N>): Promise<Output<N>>;
}

/**
 * The CLI's host: the same handlers behind the same `dispatch` door as Electron and serve, so
 * a command gets exactly the validation and results a window would.
 */
export function directClient(engine: Engine): DirectClient {
  const handlers = createHandlers(engine);
  const result = (name: string, input: unknown): Promise<Result<unknown>> =>
    dispatch(handlers, name, input);
  return {
    result,
    async call(name, input) {
      const r = await result(name, input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { name: r.error.name });
      return r.value as Output<typeof name>;
    },
  };
}
