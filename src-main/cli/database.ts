import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, type EngineOptions } from '../engine';

/**
 * Where the library lives when `--db` is not given: `$ENCORE_DB`, else the folder Electron names
 * `userData` for an app called Encore, so the CLI and the desktop app share one library.
 */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.ENCORE_DB) return path.resolve(env.ENCORE_DB);
  const home = os.homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(base, 'Encore', 'encore.db');
}

/** Opens an Engine on `dbPath`, creating its folder if needed. */
export function openEngine(dbPath: string, options: Omit<EngineOptions, 'dbPath'>): Engine {
  mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  return new Engine({ ...options, dbPath: path.resolve(dbPath) });
}
