import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { openDb, type Db } from '../../../src-main/db/connection';
import { getSetting, setSetting } from '../../../src-main/db/settings';
import {
  canEncrypt,
  installSecrets,
  readLastfmKey,
  storeLastfmKey,
} from '../../../src-main/app/secrets';
import {
  LASTFM_KEY_SETTING,
  lastfmApiKey,
  readStoredKeyWith,
} from '../../../src-main/history/lastfm-key';

/** safeStorage as a keychain would behave: reversible only by itself, never the plain text. */
const safeStorage = vi.hoisted(() => {
  const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    available: true,
    backend: 'gnome_libsecret',
    isEncryptionAvailable(): boolean {
      return this.available;
    },
    getSelectedStorageBackend(): string {
      return this.backend;
    },
    encryptString: (text: string): Buffer =>
      Buffer.concat([Buffer.from('v10'), xor(Buffer.from(text))]),
    decryptString(data: Buffer): string {
      if (!data.subarray(0, 3).equals(Buffer.from('v10')))
        throw new Error('Error while decrypting');
      return xor(data.subarray(3)).toString();
    },
  };
});
vi.mock('electron', async () => ({ ...(await import('./fake-electron')).electron, safeStorage }));

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let db: Db;
let logged: string[];
beforeEach(() => {
  db = openDb(':memory:');
  Object.assign(safeStorage, { available: true, backend: 'gnome_libsecret' });
  logged = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
});
afterEach(() => {
  readStoredKeyWith(null);
  vi.restoreAllMocks();
  db.close();
});

const storedRow = (): string =>
  (
    db.prepare('SELECT value FROM settings WHERE key = ?').get(LASTFM_KEY_SETTING) as {
      value: string;
    }
  ).value;

describe('the Last.fm API key at rest', () => {
  it('is stored as base64 ciphertext with an encrypted flag, never as the key', () => {
    storeLastfmKey(db, `  ${KEY}\n`);
    const row = JSON.parse(storedRow()) as { encrypted: boolean; data: string };
    expect(row.encrypted).toBe(true);
    expect(Buffer.from(row.data, 'base64').toString('base64')).toBe(row.data);
    expect(storedRow()).not.toContain(KEY);
    expect(readLastfmKey(db)).toBe(KEY);
  });

  it('is refused, pointing to LASTFM_API_KEY, where safeStorage cannot encrypt', () => {
    safeStorage.available = false;
    expect(() => storeLastfmKey(db, KEY)).toThrow(/no keychain.*LASTFM_API_KEY/);
    expect(getSetting(db, LASTFM_KEY_SETTING, null)).toBeNull();
  });

  it("counts Linux's basic_text fallback (a hard-coded password) as no encryption", () => {
    safeStorage.backend = 'basic_text';
    expect(canEncrypt()).toBe(process.platform !== 'linux');
  });

  it('reads as no key, with a warning that does not show it, when it no longer decrypts', () => {
    setSetting(db, LASTFM_KEY_SETTING, {
      encrypted: true,
      data: Buffer.from(KEY).toString('base64'),
    });
    expect(readLastfmKey(db)).toBeNull();
    expect(logged.join('\n')).toMatch(/cannot be decrypted; store it again/);
  });

  it('encrypts a plain-text row left from before, and still uses it', () => {
    setSetting(db, LASTFM_KEY_SETTING, KEY);
    expect(readLastfmKey(db)).toBe(KEY);
    expect(storedRow()).not.toContain(KEY);
    expect(readLastfmKey(db)).toBe(KEY);
  });

  it('is never written to the console, whatever happens to it', () => {
    storeLastfmKey(db, KEY);
    readLastfmKey(db);
    safeStorage.available = false;
    expect(() => storeLastfmKey(db, KEY)).toThrow();
    expect(logged.join('\n')).not.toContain(KEY);
  });
});

describe('where history imports get the key', () => {
  it('takes LASTFM_API_KEY first, even over a stored key', () => {
    installSecrets();
    storeLastfmKey(db, KEY);
    expect(lastfmApiKey(db, { LASTFM_API_KEY: 'from-env' })).toBe('from-env');
  });

  it('reads the stored key in the desktop app once installSecrets has run', () => {
    storeLastfmKey(db, KEY);
    expect(lastfmApiKey(db, {})).toBeNull();
    installSecrets();
    expect(lastfmApiKey(db, {})).toBe(KEY);
    expect(lastfmApiKey(db, { LASTFM_API_KEY: '  ' })).toBe(KEY);
  });

  it('reads only the environment in serve and the CLI, which install no secret store', () => {
    setSetting(db, LASTFM_KEY_SETTING, KEY); // even a plain-text row is not used there
    expect(lastfmApiKey(db, {})).toBeNull();
    expect(lastfmApiKey(db, { LASTFM_API_KEY: KEY })).toBe(KEY);
  });
});
