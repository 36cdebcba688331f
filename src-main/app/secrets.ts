/**
 * The Last.fm API key at rest (issue 7): encrypted with Electron's `safeStorage` (Keychain on
 * macOS, DPAPI on Windows, the Secret Service or KWallet on Linux), so the settings row holds
 * `{ encrypted: true, data: <base64 ciphertext> }` and never the key. Where no real keychain
 * exists the key is not stored at all: LASTFM_API_KEY is the way there. The key is never logged;
 * messages name the setting, not its value.
 */
import { safeStorage } from 'electron';
import type { Db } from '../db/connection';
import { getSetting, setSetting } from '../db/settings';
import { LASTFM_KEY_SETTING, readStoredKeyWith } from '../history/lastfm-key';

interface StoredSecret {
  encrypted: true;
  data: string;
}

const isStoredSecret = (value: unknown): value is StoredSecret =>
  typeof value === 'object' &&
  value !== null &&
  (value as StoredSecret).encrypted === true &&
  typeof (value as StoredSecret).data === 'string';

/**
 * True when safeStorage really encrypts. On Linux without a keyring Chromium falls back to
 * `basic_text`, a hard-coded password: that is obfuscation, not protection, so it counts as none.
 */
export function canEncrypt(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return (
    process.platform !== 'linux' ||
    typeof safeStorage.getSelectedStorageBackend !== 'function' ||
    safeStorage.getSelectedStorageBackend() !== 'basic_text'
  );
}

export function storeLastfmKey(db: Db, key: string): void {
  const trimmed = key.trim();
  if (trimmed === '') throw new Error('The Last.fm API key is empty.');
  if (!canEncrypt())
    throw new Error(
      'Encore cannot store the Last.fm API key: this system has no keychain for safeStorage to ' +
        'encrypt with. Set the LASTFM_API_KEY environment variable instead.',
    );
  const secret: StoredSecret = {
    encrypted: true,
    data: safeStorage.encryptString(trimmed).toString('base64'),
  };
  setSetting(db, LASTFM_KEY_SETTING, secret);
}

/**
 * The stored key, or null. A plain-text row (written by hand, or before issue 7) is encrypted in
 * place when it can be and used; one that cannot be decrypted any more (another user, a reset
 * keychain) reads as no key, with a warning that says what to do.
 */
export function readLastfmKey(db: Db): string | null {
  const stored = getSetting<unknown>(db, LASTFM_KEY_SETTING, null);
  if (typeof stored === 'string' && stored.trim() !== '') {
    if (canEncrypt()) storeLastfmKey(db, stored);
    return stored.trim();
  }
  if (!isStoredSecret(stored)) return null;
  try {
    return safeStorage.decryptString(Buffer.from(stored.data, 'base64'));
  } catch {
    console.warn(
      `Encore: the stored Last.fm API key (setting ${LASTFM_KEY_SETTING}) cannot be decrypted; store it again.`,
    );
    return null;
  }
}

/** Lets history imports read the stored key; call once the app is ready (safeStorage needs it). */
export function installSecrets(): void {
  readStoredKeyWith(readLastfmKey);
}
