/**
 * What the preload hands the page as `window.encore`, built from plain functions so it can be
 * tested without Electron. It imports only types: the sandboxed preload bundle stays a few
 * kilobytes instead of carrying zod and the whole contract. The call names come from the main
 * process as one `additionalArguments` entry (the way VS Code passes its window configuration),
 * so the contract in src-main/api/contract.ts stays the one list of calls.
 */
import type { EncoreApi, EngineEvent, Result } from '../api/contract';

export const CALL_CHANNEL_PREFIX = 'encore:';
export const EVENT_CHANNEL = 'encore:event';
const CALL_NAMES_FLAG = '--encore-calls=';
const CALL_NAME = /^[a-zA-Z][\w-]*(\.[a-zA-Z][\w-]*)+$/;

export const callChannel = (name: string): string => CALL_CHANNEL_PREFIX + name;

export function callNamesArgument(names: readonly string[]): string {
  return CALL_NAMES_FLAG + names.join(',');
}

/** The call names the main process put on the renderer's argv; anything malformed is dropped. */
export function callNamesFromArgv(argv: readonly string[]): string[] {
  const arg = argv.find((a) => a.startsWith(CALL_NAMES_FLAG));
  if (arg === undefined) return [];
  return arg
    .slice(CALL_NAMES_FLAG.length)
    .split(',')
    .filter((name) => CALL_NAME.test(name));
}

/** `{ ok: true, value }` → value; `{ ok: false, error }` → a thrown Error with that name. */
export function unwrap<T>(result: unknown): T {
  const envelope = result as Result<T> | null;
  if (envelope?.ok === true) return envelope.value;
  const error = envelope?.ok === false ? envelope.error : undefined;
  const thrown = new Error(error?.message ?? 'Encore returned a malformed answer.');
  thrown.name = error?.name ?? 'ProtocolError';
  throw thrown;
}

type Listener = (event: unknown, payload: unknown) => void;

/** The three ipcRenderer methods the bridge uses, and nothing else of it. */
export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: Listener): void;
  off(channel: string, listener: Listener): void;
}

export function mediaUrl(trackId: number): string {
  if (!Number.isSafeInteger(trackId) || trackId <= 0) {
    throw new Error(`mediaUrl: track id must be a positive integer, got ${String(trackId)}.`);
  }
  return `encore-media://track/${trackId}`;
}

export function createBridge(names: readonly string[], transport: BridgeTransport): EncoreApi {
  const api: Record<string, unknown> = {};
  for (const name of names) {
    api[name] = async (input: unknown) =>
      unwrap(await transport.invoke(callChannel(name), input ?? {}));
  }
  api.onEvent = (listener: (event: EngineEvent) => void): (() => void) => {
    // The IPC event object (with `sender`, i.e. ipcRenderer) never reaches the page.
    const forward: Listener = (_event, payload) => listener(payload as EngineEvent);
    transport.on(EVENT_CHANNEL, forward);
    return () => transport.off(EVENT_CHANNEL, forward);
  };
  api.mediaUrl = mediaUrl;
  return api as EncoreApi;
}
