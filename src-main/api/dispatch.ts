import { contract, type CallName, type Result } from './contract';
import type { Handlers } from './handlers';

/** Keeps messages short and free of stack traces; the name tells the UI what kind of failure. */
function toError(e: unknown): { name: string; message: string } {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/**
 * The door every message passes through, whatever the host (STYLE.md §3): the name must be a
 * contract entry, the input must parse with its strict schema, and the handler's failure comes
 * back as a value, never as a thrown error across the boundary.
 */
export async function dispatch(
  handlers: Handlers,
  name: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (!isCallName(name))
    return {
      ok: false,
      error: { name: 'UnknownCall', message: `Unknown call "${name.slice(0, 80)}".` },
    };
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
    return {
      ok: false,
      error: {
        name: 'InvalidInput',
        message: `${name}: ${issue?.message ?? 'invalid input'}${where}.`,
      },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    return { ok: false, error: toError(e) };
  }
}
