/**
 * Where Encore gets the Last.fm API key (issue 7). `LASTFM_API_KEY` wins everywhere. Otherwise
 * only the Electron app has a stored key: it keeps it encrypted with the system keychain
 * (src-main/app/secrets.ts) and registers its reader here at start. `serve` and the CLI have no
 * keychain, register nothing, and so read the key from the environment only.
 */
import type { Db } from '../db/connection';

/** The settings row the Electron app keeps the encrypted key in. */
export const LASTFM_KEY_SETTING = 'lastfm.apiKey';

export const NO_LASTFM_KEY = 'No Last.fm API key: set the LASTFM_API_KEY environment variable.';

export type StoredKeyReader = (db: Db) => string | null;

let storedKey: StoredKeyReader | null = null;

/** Called by the Electron host once its secret store is usable; null unregisters (tests). */
export function readStoredKeyWith(reader: StoredKeyReader | null): void {
  storedKey = reader;
}

export function lastfmApiKey(db: Db, env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.LASTFM_API_KEY?.trim();
  if (fromEnv) return fromEnv;
  return storedKey?.(db) ?? null;
}
