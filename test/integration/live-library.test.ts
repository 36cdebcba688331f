import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine';
import { addFolder } from '../../src-main/db/folders';
import { keepLibraryFresh } from '../../src-main/library/live';
import { fixtureLibrary } from '../fixtures/audio/make-fixtures';

let dir: string | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const trackCount = (e: Engine) =>
  (e.db.prepare('SELECT COUNT(*) AS n FROM tracks WHERE missing = 0').get() as { n: number }).n;

describe('keeping the library fresh while a host runs', () => {
  it('scans a file dropped into a library folder without being asked, and watches folders added later', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'encore-live-'));
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    mkdirSync(first);
    mkdirSync(second);
    const running = new Engine({ dbPath: path.join(dir, 'encore.db'), host: 'direct' });
    engine = running;
    addFolder(running.db, first);
    running.onClose(keepLibraryFresh(running));
    const scanned = (count: number) =>
      new Promise<void>((resolve) => {
        const off = running.onEvent((e) => {
          if (e.type === 'library-changed' && trackCount(running) === count) {
            off();
            resolve();
          }
        });
      });

    let done = scanned(1);
    copyFileSync(path.join(fixtureLibrary, 'tagged', 'mp3-id3v2.mp3'), path.join(first, 'one.mp3'));
    await done;
    expect(trackCount(running)).toBe(1);

    addFolder(running.db, second);
    running.emit({ type: 'library-changed' }); // what library.addFolder announces
    done = scanned(2);
    copyFileSync(
      path.join(fixtureLibrary, 'tagged', 'flac-vorbis-comments.flac'),
      path.join(second, 'two.flac'),
    );
    await done;
    expect(trackCount(running)).toBe(2);
    expect(
      running.jobs
        .list()
        .filter((j) => j.kind === 'scan')
        .every((j) => j.state === 'done'),
    ).toBe(true);
  }, 30_000);
});
