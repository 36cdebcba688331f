import { describe, it, expect, vi } from 'vitest';
import { callNames } from '../../../src-main/api/contract';
import {
  callNamesArgument,
  callNamesFromArgv,
  createBridge,
  mediaUrl,
  unwrap,
  type BridgeTransport,
} from '../../../src-main/app/bridge';

function fakeTransport(answer: unknown = { ok: true, value: 'fine' }) {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const transport: BridgeTransport = {
    invoke: vi.fn(async () => answer),
    on: (channel, listener) =>
      void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel))!.add(
        listener,
      ),
    off: (channel, listener) => void listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) =>
    listeners.get(channel)?.forEach((l) => l({ sender: 'the ipcRenderer' }, payload));
  return { transport, emit, listeners };
}

describe('call names on argv', () => {
  it('carries every contract call name from the main process to the preload', () => {
    const argv = ['/electron', '--type=renderer', callNamesArgument(callNames), '--other'];
    expect(callNamesFromArgv(argv)).toEqual(callNames);
  });

  it('drops malformed names and finds nothing when the argument is absent', () => {
    expect(
      callNamesFromArgv(['--encore-calls=app.info,__proto__,constructor,a.b;rm,,library.scan']),
    ).toEqual(['app.info', 'library.scan']);
    expect(callNamesFromArgv(['/electron'])).toEqual([]);
  });
});

describe('unwrap', () => {
  it('returns the value of an ok envelope', () => {
    expect(unwrap({ ok: true, value: { total: 3 } })).toEqual({ total: 3 });
  });

  it('throws an Error carrying the name and message of a refused call', () => {
    expect(() =>
      unwrap({ ok: false, error: { name: 'InvalidInput', message: 'plays.recent: too big.' } }),
    ).toThrow(expect.objectContaining({ name: 'InvalidInput', message: 'plays.recent: too big.' }));
  });

  it('throws on anything that is not an envelope', () => {
    for (const answer of [undefined, null, 42, { value: 1 }])
      expect(() => unwrap(answer)).toThrow(expect.objectContaining({ name: 'ProtocolError' }));
  });
});

describe('createBridge', () => {
  it('has one function per call name, plus onEvent and mediaUrl, and nothing else', () => {
    const api = createBridge(callNames, fakeTransport().transport);
    expect(Object.keys(api).sort()).toEqual([...callNames, 'mediaUrl', 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('sends each call on its own channel and resolves with the unwrapped value', async () => {
    const { transport } = fakeTransport({ ok: true, value: [{ id: 1 }] });
    const api = createBridge(callNames, transport);
    await expect(api['plays.recent']({ limit: 5 })).resolves.toEqual([{ id: 1 }]);
    expect(transport.invoke).toHaveBeenCalledWith('encore:plays.recent', { limit: 5 });
  });

  it('rejects with the error the main process returned', async () => {
    const { transport } = fakeTransport({ ok: false, error: { name: 'Refused', message: 'no' } });
    const api = createBridge(callNames, transport);
    await expect(api['app.info']({})).rejects.toMatchObject({ name: 'Refused', message: 'no' });
  });

  it('hands listeners the event payload only, never the IPC event, until unsubscribed', () => {
    const { transport, emit, listeners } = fakeTransport();
    const api = createBridge(callNames, transport);
    const seen: unknown[] = [];
    const unsubscribe = api.onEvent((event) => seen.push(event));
    emit('encore:event', { type: 'library-changed' });
    unsubscribe();
    emit('encore:event', { type: 'plays-changed' });
    expect(seen).toEqual([{ type: 'library-changed' }]);
    expect(listeners.get('encore:event')?.size).toBe(0);
  });
});

describe('mediaUrl', () => {
  it('names a track on the encore-media scheme', () => {
    expect(mediaUrl(12)).toBe('encore-media://track/12');
  });

  it('refuses ids that are not positive integers', () => {
    for (const id of [0, -3, 1.5, NaN, Infinity])
      expect(() => mediaUrl(id)).toThrow(/positive integer/);
  });
});
