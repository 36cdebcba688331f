/**
 * The Electron main process from start to quit: privileged schemes and the sandbox before
 * `ready`, one instance only, then the engine, the hardened session, the protocols, the IPC
 * wiring, the menu and the window; on quit, running jobs are cancelled and the database closed.
 */
import path from 'node:path';
import { app, dialog, Menu, protocol, session, type BrowserWindow } from 'electron';
import type { JobProgress } from '../api/jobs';
import { openDb, type Db } from '../db/connection';
import { listFolders } from '../db/folders';
import { Engine } from '../engine';
import { keepLibraryFresh } from '../library/live';
import { keepForYouWarm } from '../recommend/warm-up';
import { wireIpc } from './ipc';
import { installSecrets, storeLastfmKey } from './secrets';
import { applicationMenuTemplate } from './menu';
import { PRIVILEGED_SCHEMES, registerProtocols } from './protocols';
import { hardenContents, hardenSession } from './security';
import { createMainWindow } from './window';

export interface StartOptions {
  /** The folder holding preload.cjs (dist/main). */
  mainDir: string;
  /** The built renderer served at encore://app/ (dist/renderer). */
  rendererDir: string;
  /** The demo library's folder (resources/demo). */
  demoDir: string;
  /**
   * Registers and scans the demo folder and loads its history (src-main/library/demo.ts); safe
   * to repeat. Runs as a job while the demo is the whole library, so a first start that was
   * quit halfway through completes on the next one.
   */
  ensureDemo: (
    db: Db,
    options: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void },
  ) => Promise<unknown>;
}

/** Asks for a folder with the system dialog, attached to the window when there is one. */
async function pickFolder(window: BrowserWindow | null): Promise<string | null> {
  const options = { properties: ['openDirectory' as const] };
  const answer = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);
  return answer.canceled ? null : (answer.filePaths[0] ?? null);
}

/** True while the user has configured no folder of their own: the demo library is shown. */
function showsDemo(dbPath: string, demoDir: string): boolean {
  const db = openDb(dbPath);
  try {
    return listFolders(db).every((f) => path.resolve(f.path) === path.resolve(demoDir));
  } finally {
    db.close();
  }
}

/**
 * Call once, synchronously, when the main module loads: scheme privileges and `enableSandbox`
 * only take effect before the app is ready. Resolves when the window has been created.
 */
export async function startEncore(options: StartOptions): Promise<void> {
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let engine: Engine | null = null;
  let window: BrowserWindow | null = null;
  let state: 'running' | 'closing' | 'closed' = 'running';
  const showWindow = (): void => {
    if (window === null || window.isDestroyed()) {
      window = createMainWindow(options.mainDir);
      return;
    }
    if (window.isMinimized()) window.restore();
    window.focus();
  };

  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('second-instance', () => engine && showWindow());
  app.on('activate', () => engine && showWindow()); // macOS: dock click with no window open
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (state === 'closed' || engine === null) return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    engine
      .close()
      .catch((e: unknown) => console.error('Encore: closing the engine failed.', e))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });

  await app.whenReady();
  installSecrets(); // after ready: safeStorage cannot decrypt before it on every platform
  const dbPath = path.join(app.getPath('userData'), 'encore.db');
  try {
    const demo = showsDemo(dbPath, options.demoDir);
    engine = new Engine({
      dbPath,
      host: 'electron',
      demo,
      pickFolder: () => pickFolder(window),
      storeLastfmKey: (key) => storeLastfmKey(engine!.db, key),
    });
  } catch (e) {
    dialog.showErrorBox('Encore cannot open its database', databaseErrorMessage(dbPath, e));
    app.exit(1);
    return;
  }
  hardenSession(session.defaultSession);
  registerProtocols(protocol, engine.db, options.rendererDir);
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(process.platform)));
  engine.onClose(wireIpc(engine, () => window));
  engine.onClose(keepLibraryFresh(engine));
  showWindow();
  keepForYouWarm(engine);
  if (engine.options.demo) {
    const running = engine;
    // As a job, so the UI shows its progress and quitting cancels it before the db closes.
    running.jobs.start('demo', async (ctx) => {
      const result = await options.ensureDemo(running.db, {
        signal: ctx.signal,
        onProgress: ctx.progress,
      });
      running.emit({ type: 'library-changed' });
      running.emit({ type: 'plays-changed' });
      return result;
    });
  }
}

/**
 * What the startup error dialog says. From a source checkout the usual cause is better-sqlite3
 * built for Node instead of Electron's ABI, which `npm start` fixes; a packaged app's user has no
 * npm, so they are told what they can check themselves (issue 7).
 */
export function databaseErrorMessage(dbPath: string, error: unknown): string {
  const detail = `${dbPath}: ${error instanceof Error ? error.message : String(error)}`;
  const hint = app.isPackaged
    ? 'Check that this folder exists, is writable and that the disk is not full. If the file is ' +
      'damaged, move it aside (keep it: it holds your library and history) and start Encore again ' +
      'to begin a new library.'
    : 'Start Encore with `npm start`, which builds better-sqlite3 for Electron and sets ENCORE_SQLITE_BINDING.';
  return `${detail}\n\n${hint}`;
}
