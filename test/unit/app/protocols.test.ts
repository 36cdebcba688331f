import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../../src-main/db/connection';
import { addFolder } from '../../../src-main/db/folders';
import { queryTracks, trackWriter, type TrackRecord } from '../../../src-main/db/tracks';
import {
  PRIVILEGED_SCHEMES,
  appProtocolHandler,
  mediaProtocolHandler,
  mediaTrackId,
  rendererFileFor,
} from '../../../src-main/app/protocols';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/app/security';

let temp: string;
let renderer: string;
let library: string;
let db: Db;
const ids: Record<string, number> = {};
/** 1000 distinct bytes, so a range answer can be checked byte for byte. */
const audioBytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

function track(file: string, folderId: number | null): TrackRecord {
  return {
    path: file,
    folderId,
    size: audioBytes.length,
    mtimeMs: 0,
    title: path.basename(file),
    artist: 'A',
    artists: ['A'],
    album: null,
    albumArtist: null,
    trackNo: null,
    trackTotal: null,
    discNo: null,
    discTotal: null,
    year: null,
    genre: null,
    durationMs: 1000,
    codec: null,
    container: null,
    bitrate: null,
    sampleRate: null,
    compilation: false,
    mbRecordingId: null,
    mbTrackId: null,
    mbAlbumId: null,
    mbArtistId: null,
  };
}

beforeAll(() => {
  temp = mkdtempSync(path.join(os.tmpdir(), 'encore-protocols-'));
  renderer = path.join(temp, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Encore</title>');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(temp, 'secret.txt'), 'not for the renderer');
  symlinkSync(path.join(temp, 'secret.txt'), path.join(renderer, 'assets', 'link-to-secret.js'));

  library = path.join(temp, 'music');
  mkdirSync(library);
  writeFileSync(path.join(library, 'inside.mp3'), audioBytes);
  writeFileSync(path.join(temp, 'outside.mp3'), audioBytes);
  db = openDb(path.join(temp, 'encore.db'));
  const folderId = addFolder(db, library);
  trackWriter(db).writeBatch(
    [
      track(path.join(library, 'inside.mp3'), folderId),
      track(path.join(temp, 'outside.mp3'), null),
    ],
    [],
    Date.now(),
  );
  for (const row of queryTracks(db, {}).rows) ids[row.title] = row.id; // titles are file names here
});

afterAll(() => {
  db.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('PRIVILEGED_SCHEMES', () => {
  it('makes encore a standard, secure origin that fetch works on, and encore-media a stream', () => {
    const byName = Object.fromEntries(PRIVILEGED_SCHEMES.map((s) => [s.scheme, s.privileges]));
    expect(byName['encore']).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(byName['encore-media']).toMatchObject({ stream: true, secure: true });
    for (const privileges of Object.values(byName)) {
      expect(privileges?.bypassCSP ?? false).toBe(false);
      expect(privileges?.corsEnabled ?? false).toBe(false);
    }
  });
});

describe('rendererFileFor', () => {
  it('maps the root to index.html and paths to files below the renderer folder', () => {
    expect(rendererFileFor(renderer, 'encore://app/')).toBe(path.join(renderer, 'index.html'));
    expect(rendererFileFor(renderer, 'encore://app/assets/index-abc.js?x=1')).toBe(
      path.join(renderer, 'assets', 'index-abc.js'),
    );
  });

  it('refuses paths that climb out of the renderer folder through encoded slashes, NUL or bad escapes', () => {
    for (const url of [
      'encore://app/..%2f..%2fsecret.txt',
      'encore://app/assets%2f..%2f..%2fsecret.txt',
      'encore://app/index.html%00.js',
      'encore://app/%E0%A4%A',
    ])
      expect(rendererFileFor(renderer, url), url).toBeNull();
  });

  it('keeps dot segments inside the folder, as the URL parser already folds them', () => {
    expect(rendererFileFor(renderer, 'encore://app/assets/%2e%2e/%2e%2e/secret.txt')).toBe(
      path.join(renderer, 'secret.txt'),
    );
  });

  it('refuses other hosts and schemes', () => {
    expect(rendererFileFor(renderer, 'encore://evil/index.html')).toBeNull();
    expect(rendererFileFor(renderer, 'file:///index.html')).toBeNull();
  });
});

describe('encore://app handler', () => {
  const handle = (url: string, method = 'GET') =>
    appProtocolHandler(renderer)(new Request(url, { method }));

  it('serves index.html with its type and the content security policy as a header', async () => {
    const response = await handle('encore://app/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Encore</title>');
  });

  it('serves scripts as JavaScript', async () => {
    const response = await handle('encore://app/assets/index-abc.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers 404 for missing files, escapes and symlinks that lead outside', async () => {
    expect((await handle('encore://app/nope.js')).status).toBe(404);
    expect((await handle('encore://app/..%2fsecret.txt')).status).toBe(404);
    const viaLink = await handle('encore://app/assets/link-to-secret.js');
    expect(viaLink.status).toBe(404);
    expect(await viaLink.text()).not.toContain('not for the renderer');
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    expect((await handle('encore://app/index.html', 'POST')).status).toBe(405);
  });
});

describe('mediaTrackId', () => {
  it('reads the id of encore-media://track/<id> and nothing else', () => {
    expect(mediaTrackId('encore-media://track/42')).toBe(42);
    for (const url of [
      'encore-media://track/0',
      'encore-media://track/-1',
      'encore-media://track/1.5',
      'encore-media://track/12abc',
      'encore-media://album/4',
      'encore-media://track/99999999999999999',
      'encore://track/4',
      'encore-media://track/4/x',
    ])
      expect(mediaTrackId(url), url).toBeNull();
  });
});

describe('encore-media://track handler', () => {
  const handle = (url: string, headers: Record<string, string> = {}) =>
    mediaProtocolHandler(db)(new Request(url, { headers }));

  it('streams a whole library track with its audio type and byte ranges on offer', async () => {
    const response = await handle(`encore-media://track/${ids['inside.mp3']}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(audioBytes);
  });

  it('answers a Range request with 206 and exactly those bytes, so seeking works', async () => {
    const response = await handle(`encore-media://track/${ids['inside.mp3']}`, {
      Range: 'bytes=100-199',
    });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(audioBytes.slice(100, 200));
  });

  it('answers 416 to a range past the end of the file', async () => {
    const response = await handle(`encore-media://track/${ids['inside.mp3']}`, {
      Range: 'bytes=5000-',
    });
    expect(response.status).toBe(416);
  });

  it('refuses a track outside every library folder with 403, and unknown tracks with 404', async () => {
    const outside = await handle(`encore-media://track/${ids['outside.mp3']}`);
    expect(outside.status).toBe(403);
    expect(await outside.text()).not.toContain('outside.mp3');
    expect((await handle('encore-media://track/999999')).status).toBe(404);
    expect((await handle('encore-media://track/abc')).status).toBe(404);
  });
});
