import { describe, it, expect, vi, beforeAll } from 'vitest';
import { callNames } from '../../../src-main/api/contract';
import { callNamesArgument } from '../../../src-main/app/bridge';
import { electron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electron);

let exposed: Record<string, unknown>;

beforeAll(async () => {
  process.argv.push(callNamesArgument(callNames));
  await import('../../../src-main/app/preload');
  process.argv.pop();
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [
    string,
    Record<string, unknown>,
  ];
  expect(key).toBe('encore');
  exposed = api;
});

describe('the preload', () => {
  it('exposes window.encore with every contract call, onEvent, mediaUrl and pathForFile', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(Object.keys(exposed).sort()).toEqual(
      [...callNames, 'mediaUrl', 'onEvent', 'pathForFile'].sort(),
    );
  });

  it("gives a dropped file's real path through webUtils (the Import screen's drag and drop)", () => {
    const pathForFile = exposed['pathForFile'] as (file: { name: string }) => string;
    expect(pathForFile({ name: 'scrobbles.csv' })).toBe('/dropped/scrobbles.csv');
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledOnce();
  });

  it('exposes only functions, and never ipcRenderer itself', () => {
    for (const value of Object.values(exposed)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.ipcRenderer);
    }
  });

  it('invokes the call on ipcRenderer and unwraps the answer', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { total: 0 } });
    const stats = exposed['library.stats'] as (input: object) => Promise<unknown>;
    await expect(stats({})).resolves.toEqual({ total: 0 });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('encore:library.stats', {});
  });

  it('subscribes to and unsubscribes from encore:event on ipcRenderer', () => {
    const onEvent = exposed['onEvent'] as (l: (e: unknown) => void) => () => void;
    const listener = vi.fn();
    const unsubscribe = onEvent(listener);
    electron.ipcRenderer.emit('encore:event', { senderId: 0 }, { type: 'plays-changed' });
    unsubscribe();
    electron.ipcRenderer.emit('encore:event', { senderId: 0 }, { type: 'plays-changed' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ type: 'plays-changed' });
    expect(electron.ipcRenderer.listenerCount('encore:event')).toBe(0);
  });
});
