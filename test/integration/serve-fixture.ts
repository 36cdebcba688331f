// A small library on disk for the serve, media and API tests: real audio made by ffmpeg, a real
// SQLite file, and the odd cases media must refuse (a file outside every library folder, a
// symlink out of the library, a file deleted after the scan). Tracks are written with the db
// module's own writer so these tests do not depend on the scanner.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src-main/engine';
import { addFolder } from '../../src-main/db/folders';
import { queryTracks, trackWriter, type TrackRecord } from '../../src-main/db/tracks';

export interface ServeLibrary {
  dir: string;
  dbPath: string;
  musicDir: string;
  /** Renderer stand-in: index.html with a CSP meta tag and one asset. */
  rendererDir: string;
  /** The CSP the stand-in's meta tag declares. */
  csp: string;
  ids: { sine: number; second: number; outside: number; symlinkOut: number; deleted: number };
  openEngine(): Engine;
  cleanup(): void;
}

function tone(file: string, hz: number, title: string, artist: string): void {
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${hz}:duration=2`,
    '-ac',
    '1',
    '-ar',
    '22050',
    '-b:a',
    '32k',
    '-metadata',
    `title=${title}`,
    '-metadata',
    `artist=${artist}`,
    '-metadata',
    'album=Fixtures',
    file,
  ]);
}

function record(file: string, folderId: number | null, title: string, artist: string): TrackRecord {
  const size = (() => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  })();
  return {
    path: file,
    folderId,
    size,
    mtimeMs: 0,
    title,
    artist,
    artists: [artist],
    album: 'Fixtures',
    albumArtist: null,
    trackNo: null,
    trackTotal: null,
    discNo: null,
    discTotal: null,
    year: 2024,
    genre: null,
    durationMs: 2000,
    codec: 'MPEG 1 Layer 3',
    container: 'MPEG',
    bitrate: 32000,
    sampleRate: 22050,
    compilation: false,
    mbRecordingId: null,
    mbTrackId: null,
    mbAlbumId: null,
    mbArtistId: null,
  };
}

export async function makeServeLibrary(): Promise<ServeLibrary> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-serve-'));
  const musicDir = path.join(dir, 'music');
  const outsideDir = path.join(dir, 'outside');
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(musicDir);
  mkdirSync(outsideDir);
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });

  const csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; media-src 'self'; connect-src 'self'";
  writeFileSync(
    path.join(rendererDir, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}">` +
      '<script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("encore");\n');
  writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');

  tone(path.join(musicDir, 'sine.mp3'), 440, 'Sine Song', 'Fixture Band');
  tone(path.join(musicDir, 'second.mp3'), 660, 'Second Song', 'Other Band');
  tone(path.join(outsideDir, 'private.mp3'), 550, 'Private Song', 'Outsider');
  symlinkSync(path.join(outsideDir, 'private.mp3'), path.join(musicDir, 'link-out.mp3'));
  tone(path.join(musicDir, 'deleted.mp3'), 330, 'Deleted Song', 'Fixture Band');

  const dbPath = path.join(dir, 'encore.db');
  const setup = new Engine({ dbPath, host: 'direct' });
  const folderId = addFolder(setup.db, musicDir);
  trackWriter(setup.db).writeBatch(
    [
      record(path.join(musicDir, 'sine.mp3'), folderId, 'Sine Song', 'Fixture Band'),
      record(path.join(musicDir, 'second.mp3'), folderId, 'Second Song', 'Other Band'),
      record(path.join(outsideDir, 'private.mp3'), null, 'Private Song', 'Outsider'),
      record(path.join(musicDir, 'link-out.mp3'), folderId, 'Linked Song', 'Outsider'),
      record(path.join(musicDir, 'deleted.mp3'), folderId, 'Deleted Song', 'Fixture Band'),
    ],
    [],
    Date.now(),
  );
  const { rows } = queryTracks(setup.db, { limit: 100 });
  const id = (title: string): number => rows.find((r) => r.title === title)!.id;
  const ids = {
    sine: id('Sine Song'),
    second: id('Second Song'),
    outside: id('Private Song'),
    symlinkOut: id('Linked Song'),
    deleted: id('Deleted Song'),
  };
  await setup.close();
  rmSync(path.join(musicDir, 'deleted.mp3'));

  return {
    dir,
    dbPath,
    musicDir,
    rendererDir,
    csp,
    ids,
    openEngine: () => new Engine({ dbPath, host: 'serve' }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
