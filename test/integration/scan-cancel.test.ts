import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src-main/db/connection';
import { addFolder } from '../../src-main/db/folders';
import { scanFolders } from '../../src-main/library/scan';
import { fixtureLibrary, taggedFormats } from '../fixtures/audio/make-fixtures';

const FILES = 400;
let dir: string;
let db: Db;
let folder: { id: number; path: string };
const tracks = (): number =>
  (db.prepare('SELECT COUNT(*) AS n FROM tracks').get() as { n: number }).n;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'encore-cancel-'));
  const lib = path.join(dir, 'library');
  for (let i = 0; i < FILES; i++) {
    const source = taggedFormats[i % taggedFormats.length]!.file;
    const album = path.join(lib, `Album ${Math.floor(i / 20)}`);
    mkdirSync(album, { recursive: true });
    copyFileSync(
      path.join(fixtureLibrary, 'tagged', source),
      path.join(album, `${String(i).padStart(3, '0')} - ${source}`),
    );
  }
  db = openDb(path.join(dir, 'encore.db'));
  folder = { id: addFolder(db, lib), path: lib };
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cancelling a scan', () => {
  it('rejects at once when the signal is already aborted, writing nothing', async () => {
    await expect(scanFolders(db, [folder], { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(tracks()).toBe(0);
  });

  it('rejects promptly mid-scan, keeps the committed batches, and leaves the db intact', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const scan = scanFolders(db, [folder], {
      workers: 2,
      batchSize: 25,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 60 && !abortedAt) {
          abortedAt = performance.now();
          controller.abort(new Error('Cancelled by the user.'));
        }
      },
    });
    await expect(scan).rejects.toMatchObject({
      name: 'AbortError',
      message: 'Cancelled by the user.',
    });
    expect(performance.now() - abortedAt).toBeLessThan(500);
    expect(tracks()).toBeGreaterThanOrEqual(50);
    expect(tracks()).toBeLessThan(FILES);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('lets a later scan finish the job, re-reading only what was not committed', async () => {
    const committed = tracks();
    const s = await scanFolders(db, [folder], { workers: 2 });
    expect(s).toMatchObject({
      files: FILES,
      added: FILES - committed,
      unchanged: committed,
      errors: [],
    });
    expect(tracks()).toBe(FILES);
  });
});
