import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { Engine } from '../../../src-main/engine';
import { callNames, type Result } from '../../../src-main/api/contract';
import { createHandlers } from '../../../src-main/api/handlers';
import { wireIpc } from '../../../src-main/app/ipc';
import { electron, frame, resetElectron, FakeBrowserWindow, type FakeFrame } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electron);

let temp: string;
let engine: Engine;
let window: FakeBrowserWindow;
let unwire: () => void;

/** What the renderer would get back for `name(input)` sent from `sender`. */
async function call(
  name: string,
  input: unknown,
  sender: FakeFrame | null = window.webContents.mainFrame,
) {
  const handler = electron.ipcMain.handlers.get(`encore:${name}`);
  if (!handler) throw new Error(`no handler for ${name}`);
  return (await handler({ senderFrame: sender }, input)) as Result<unknown>;
}

beforeEach(() => {
  resetElectron();
  temp = mkdtempSync(path.join(os.tmpdir(), 'encore-ipc-'));
  engine = new Engine({ dbPath: path.join(temp, 'encore.db'), host: 'electron' });
  window = new FakeBrowserWindow({});
  unwire = wireIpc(engine, () => window as unknown as BrowserWindow);
});

afterEach(async () => {
  unwire();
  await engine.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('wireIpc', () => {
  it('registers one handler per contract call, on the encore: channel', () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      callNames.map((n) => `encore:${n}`).sort(),
    );
  });

  it('passes a valid call from the main window through to the engine', async () => {
    expect(await call('app.info', {})).toEqual({
      ok: true,
      value: {
        host: 'electron',
        version: expect.any(String),
        demo: false,
        canPickFolders: false,
        canStoreSecrets: false,
      },
    });
    expect(await call('library.folders', {})).toEqual({ ok: true, value: [] });
  });

  it('refuses invalid input before any handler runs', async () => {
    const handlers = createHandlers(engine);
    const recent = vi.spyOn(handlers, 'plays.recent');
    unwire();
    unwire = wireIpc(engine, () => window as unknown as BrowserWindow, handlers);
    const answer = await call('plays.recent', { limit: 5, extra: 'key' });
    expect(answer).toMatchObject({ ok: false, error: { name: 'InvalidInput' } });
    expect(await call('plays.recent', { limit: -1 })).toMatchObject({
      ok: false,
      error: { name: 'InvalidInput' },
    });
    expect(recent).not.toHaveBeenCalled();
  });

  it('refuses calls from an iframe, another window, a page that navigated away, or no frame', async () => {
    const handlers = createHandlers(engine);
    const info = vi.spyOn(handlers, 'app.info');
    unwire();
    unwire = wireIpc(engine, () => window as unknown as BrowserWindow, handlers);
    const top = window.webContents.mainFrame;
    const senders = [
      frame('encore://app/index.html', { processId: top.processId, routingId: 99, parent: top }),
      frame('encore://app/index.html', { processId: 8, routingId: top.routingId }),
      null,
    ];
    for (const sender of senders) {
      expect(await call('app.info', {}, sender)).toMatchObject({
        ok: false,
        error: { name: 'Refused' },
      });
    }
    window.webContents.mainFrame = frame('https://example.com/', { processId: top.processId });
    expect(await call('app.info', {}, window.webContents.mainFrame)).toMatchObject({ ok: false });
    expect(info).not.toHaveBeenCalled();
  });

  it('refuses everything once the main window is destroyed', async () => {
    window.destroyed = true;
    expect(await call('app.info', {})).toMatchObject({ ok: false, error: { name: 'Refused' } });
  });

  it('forwards engine events to the main window on encore:event', () => {
    engine.emit({ type: 'library-changed' });
    expect(window.webContents.send).toHaveBeenCalledWith('encore:event', {
      type: 'library-changed',
    });
  });

  it('removes its handlers and stops forwarding events when unwired', () => {
    unwire();
    unwire = () => undefined;
    engine.emit({ type: 'plays-changed' });
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(window.webContents.send).not.toHaveBeenCalled();
  });
});
