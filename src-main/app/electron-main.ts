/**
 * Electron's entry point (ESM, bundled to dist/main/electron-main.js; Electron ≥ 28 loads ESM
 * main modules). Started by `npm start` (scripts/start-electron.mjs), which also sets
 * ENCORE_SQLITE_BINDING to a better-sqlite3 built for Electron; openDb reads it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { ensureDemoLibrary } from '../library/demo';
import { demoLibraryDir } from '../paths';
import { startEncore } from './lifecycle';

const mainDir = path.dirname(fileURLToPath(import.meta.url));
startEncore({
  mainDir,
  // Beside this bundle, not under appRoot(): packaged, the renderer is inside app.asar while
  // appRoot() is the resources folder holding the unpacked demo (electron-builder.yml).
  rendererDir: path.join(mainDir, '..', 'renderer'),
  demoDir: demoLibraryDir(),
  ensureDemo: ensureDemoLibrary,
}).catch((e: unknown) => {
  console.error('Encore failed to start.', e);
  app.exit(1);
});
