// The EncoreApi over `encore serve`'s HTTP protocol: POST /api/<name> with the input as JSON,
// answered by a Result envelope; events over one shared EventSource('/api/events'); audio at
// /media/<id>. Built with a Proxy so a new contract entry needs no change here.
import type { EncoreApi, EngineEvent, Result } from '../../src-main/api/contract';

/** The page was opened without the token `encore serve` put in the link it printed. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
  constructor() {
    super('Open the link printed by `encore serve` (the one ending in ?token=…) in this browser.');
  }
}

/** A failure the server reported in its Result envelope; keeps the server's name and message. */
export class ApiError extends Error {
  constructor(
    override name: string,
    message: string,
    readonly call: string,
  ) {
    super(message);
  }
}

export interface HttpDeps {
  fetch: typeof fetch;
  openEvents: (url: string) => Pick<EventSource, 'onmessage' | 'close'>;
  /** Called once per 401, so the UI can say how to sign in. */
  onUnauthorized?: (error: UnauthorizedError) => void;
}

/** Calls whose request must survive the page being closed (a play heard up to the last second). */
const KEEPALIVE = new Set(['plays.record']);

export function createHttpApi(deps: HttpDeps): EncoreApi {
  const listeners = new Set<(event: EngineEvent) => void>();
  let source: Pick<EventSource, 'onmessage' | 'close'> | null = null;

  function onEvent(listener: (event: EngineEvent) => void): () => void {
    listeners.add(listener);
    if (!source) {
      source = deps.openEvents('/api/events');
      source.onmessage = (message: MessageEvent) => {
        let event: EngineEvent;
        try {
          event = JSON.parse(String(message.data)) as EngineEvent;
        } catch {
          return; // a malformed line must not break the stream for the other listeners
        }
        for (const l of [...listeners]) l(event);
      };
    }
    return () => listeners.delete(listener);
  }

  async function call(name: string, input: unknown): Promise<unknown> {
    const response = await deps.fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
      keepalive: KEEPALIVE.has(name),
    });
    if (response.status === 401) {
      const error = new UnauthorizedError();
      deps.onUnauthorized?.(error);
      throw error;
    }
    if (!response.ok) {
      const detail = response.status === 413 ? 'the request is too large' : response.statusText;
      throw new ApiError('HttpError', `${name} failed: HTTP ${response.status} ${detail}`, name);
    }
    const result = (await response.json()) as Result<unknown>;
    if (!result.ok) throw new ApiError(result.error.name, result.error.message, name);
    return result.value;
  }

  const fixed = {
    onEvent,
    mediaUrl: (trackId: number) => `/media/${encodeURIComponent(String(trackId))}`,
  };

  return new Proxy(fixed, {
    get(target, prop) {
      if (prop in target) return target[prop as keyof typeof fixed];
      // Not a call name: `then` in particular must stay undefined, or `await api` would hang.
      if (typeof prop !== 'string' || !prop.includes('.')) return undefined;
      return (input: unknown) => call(prop, input);
    },
  }) as unknown as EncoreApi;
}
