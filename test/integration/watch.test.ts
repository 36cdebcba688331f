import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src-main/db/connection';
import { addFolder } from '../../src-main/db/folders';
import { scanFolders } from '../../src-main/library/scan';
import { mayAffectLibrary, watchFolders } from '../../src-main/library/watch';
import { fixtureLibrary } from '../fixtures/audio/make-fixtures';

let dir: string;
let db: Db;
let folder: { id: number; path: string };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves with the first onChange call, or undefined after `ms`. */
function nextChange(ms: number, act: () => void): Promise<number[] | undefined> {
  return new Promise((resolve) => {
    let stop = (): void => undefined;
    const timer = setTimeout(() => {
      stop();
      resolve(undefined);
    }, ms);
    stop = watchFolders(
      [folder],
      (ids) => {
        clearTimeout(timer);
        stop();
        resolve(ids);
      },
      { debounceMs: 150 },
    );
    // Let the recursive watcher register every subfolder before acting.
    setTimeout(act, 100);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'encore-watch-'));
  mkdirSync(path.join(dir, 'library', 'Artist', 'Album'), { recursive: true });
  db = openDb(path.join(dir, 'encore.db'));
  folder = { id: addFolder(db, path.join(dir, 'library')), path: path.join(dir, 'library') };
  await scanFolders(db, [folder], { workers: 1 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('watchFolders', () => {
  it('fires for a new audio file in a subfolder, and a rescan picks the file up', async () => {
    const target = path.join(folder.path, 'Artist', 'Album', '01 - New.flac');
    const ids = await nextChange(5000, () =>
      copyFileSync(path.join(fixtureLibrary, 'tagged', 'flac-vorbis-comments.flac'), target),
    );
    expect(ids).toEqual([folder.id]);
    const s = await scanFolders(db, [folder], { workers: 1 });
    expect(s).toMatchObject({ added: 1, files: 1 });
  });

  it('stays quiet when only covers and notes change', async () => {
    const ids = await nextChange(800, () => {
      writeFileSync(path.join(folder.path, 'Artist', 'Album', 'cover.jpg'), 'x');
      writeFileSync(path.join(folder.path, 'notes.txt'), 'x');
    });
    expect(ids).toBeUndefined();
  });

  it('stops calling back once closed', async () => {
    let calls = 0;
    const stop = watchFolders([folder], () => calls++, { debounceMs: 50 });
    stop();
    copyFileSync(
      path.join(fixtureLibrary, 'tagged', 'mp3-id3v2.mp3'),
      path.join(folder.path, 'late.mp3'),
    );
    await sleep(300);
    expect(calls).toBe(0);
  });
});

describe('mayAffectLibrary', () => {
  it.each([
    ['Artist/Album/01.mp3', true],
    ['Artist/Album', true],
    ['Artist/Album/cover.jpg', false],
    ['Artist/Album/01.mp3.part', false],
    ['.Trash-1000/files/x.mp3', false],
  ])('%s → %s', (name, expected) => {
    expect(mayAffectLibrary(name)).toBe(expected);
  });
});
