import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callNames, type Result } from '../../../src-main/api/contract';
import { openDb } from '../../../src-main/db/connection';
import { addFolder } from '../../../src-main/db/folders';
import { startEncore, type StartOptions } from '../../../src-main/app/lifecycle';
import { PRIVILEGED_SCHEMES } from '../../../src-main/app/protocols';
import { electron, resetElectron, FakeBrowserWindow, FakeWebContents } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electron);

let temp: string;
let options: StartOptions;

const call = async (name: string, input: unknown = {}) => {
  const window = FakeBrowserWindow.created[0]!;
  const handler = electron.ipcMain.handlers.get(`encore:${name}`)!;
  return (await handler({ senderFrame: window.webContents.mainFrame }, input)) as Result<unknown>;
};

/** Starts the app and lets it become ready. */
async function startReady(): Promise<void> {
  const started = startEncore(options);
  electron.app.ready.resolve();
  await started;
}

/** Quits and waits until the engine has closed (its IPC handlers go with it). */
async function quit(): Promise<void> {
  electron.app.quit();
  await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(2));
}

beforeEach(() => {
  resetElectron();
  temp = mkdtempSync(path.join(os.tmpdir(), 'encore-lifecycle-'));
  electron.app.userData = temp;
  options = {
    mainDir: '/opt/encore/dist/main',
    rendererDir: path.join(temp, 'renderer'),
    demoDir: path.join(temp, 'demo'),
    ensureDemo: vi.fn(async () => 'demo ready'),
  };
});

afterEach(() => rmSync(temp, { recursive: true, force: true }));

describe('before the app is ready', () => {
  it('grants the scheme privileges and enables the sandbox for every renderer', async () => {
    const started = startEncore(options);
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith(
      PRIVILEGED_SCHEMES,
    );
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(0);
    electron.app.ready.resolve();
    await started;
    await quit();
  });

  it('quits at once when another Encore already holds the single-instance lock', async () => {
    electron.app.gotLock = false;
    await startEncore(options);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});

describe('when ready', () => {
  beforeEach(startReady);
  afterEach(quit);

  it('opens one hidden, secure window on encore://app and shows it when it is ready to paint', () => {
    const [window] = FakeBrowserWindow.created;
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(window!.options).toMatchObject({ show: false, backgroundColor: '#15161a' });
    expect(window!.options.webPreferences).toMatchObject({
      preload: path.join('/opt/encore/dist/main', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      additionalArguments: [`--encore-calls=${callNames.join(',')}`],
    });
    expect(window!.loadURL).toHaveBeenCalledWith('encore://app/index.html');
    expect(window!.show).not.toHaveBeenCalled();
    window!.emit('ready-to-show');
    expect(window!.show).toHaveBeenCalled();
  });

  it('hardens the session and every web contents that gets created', () => {
    expect(electron.session.defaultSession.permissionRequest).not.toBeNull();
    expect(electron.session.defaultSession.beforeRequest).not.toBeNull();
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
  });

  it('serves both schemes and sets a menu of standard roles', () => {
    expect(electron.protocol.handle.mock.calls.map(([scheme]) => scheme)).toEqual([
      'encore',
      'encore-media',
    ]);
    const [menu] = electron.Menu.setApplicationMenu.mock.calls[0] as [
      { template: { role: string }[] },
    ];
    expect(menu.template.map((item) => item.role)).toEqual(
      expect.arrayContaining(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu']),
    );
  });

  it('answers the window as the electron host that can pick folders, showing the demo library', async () => {
    expect(await call('app.info')).toMatchObject({
      ok: true,
      value: { host: 'electron', demo: true, canPickFolders: true, canStoreSecrets: true },
    });
    expect(await call('library.pickFolder')).toEqual({ ok: true, value: { path: '/music' } });
  });

  it('fills an empty library with the demo tracks as a job, then says the library changed', async () => {
    expect(options.ensureDemo).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    const window = FakeBrowserWindow.created[0]!;
    await vi.waitFor(() =>
      expect(window.webContents.send).toHaveBeenCalledWith('encore:event', {
        type: 'library-changed',
      }),
    );
    const jobs = (await call('jobs.list')) as Result<{ kind: string; state: string }[]>;
    expect(jobs.ok && jobs.value.map((j) => [j.kind, j.state])).toEqual([['demo', 'done']]);
    expect(window.webContents.send).toHaveBeenCalledWith('encore:event', { type: 'plays-changed' });
  });

  it('focuses the existing window when a second instance starts', () => {
    electron.app.emit('second-instance');
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(FakeBrowserWindow.created[0]!.focus).toHaveBeenCalled();
  });
});

describe('quitting', () => {
  it('holds the quit until the engine has closed, then quits for real', async () => {
    await startReady();
    electron.app.quit();
    expect(electron.app.preventQuit).toHaveBeenCalledOnce();
    expect(electron.ipcMain.handlers.size).toBe(callNames.length);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(2));
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('cancels a demo import still running before it closes the database', async () => {
    let seen: AbortSignal | undefined;
    options.ensureDemo = vi.fn(
      (_db, { signal }) =>
        new Promise((_, reject) => {
          seen = signal;
          signal?.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    await startReady();
    expect(seen?.aborted).toBe(false);
    await quit();
    expect(seen?.aborted).toBe(true);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});

describe('with only the demo folder configured', () => {
  it('still shows the demo and completes it again, as a start that was quit halfway leaves it', async () => {
    const db = openDb(path.join(temp, 'encore.db'));
    addFolder(db, path.join(temp, 'demo'));
    db.close();
    await startReady();
    expect(options.ensureDemo).toHaveBeenCalledOnce();
    expect(await call('app.info')).toMatchObject({ ok: true, value: { demo: true } });
    await quit();
  });
});

describe('with a library of the user’s own configured', () => {
  it('leaves the library alone and does not call it a demo', async () => {
    const db = openDb(path.join(temp, 'encore.db'));
    addFolder(db, temp);
    db.close();
    await startReady();
    expect(options.ensureDemo).not.toHaveBeenCalled();
    expect(await call('app.info')).toMatchObject({ ok: true, value: { demo: false } });
    await quit();
  });
});

describe('when the database cannot be opened', () => {
  it('says which file and how to start Encore properly, and exits with an error', async () => {
    electron.app.userData = path.join(temp, 'no', 'such', 'folder');
    await startReady();
    const [title, message] = electron.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toMatch(/database/);
    expect(message).toContain(path.join(temp, 'no', 'such', 'folder', 'encore.db'));
    expect(message).toContain('npm start');
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('tells a packaged app’s user what they can check, never to run npm', async () => {
    electron.app.isPackaged = true;
    electron.app.userData = path.join(temp, 'no', 'such', 'folder');
    await startReady();
    const [, message] = electron.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(message).toContain(path.join(temp, 'no', 'such', 'folder', 'encore.db'));
    expect(message).toMatch(/writable/);
    expect(message).toMatch(/move it aside/);
    expect(message).not.toMatch(/npm|ENCORE_SQLITE_BINDING/);
    expect(electron.app.exit).toHaveBeenCalledWith(1);
  });
});
