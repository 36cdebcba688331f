import { appendFileSync, copyFileSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src-main/db/connection';
import { addFolder } from '../../src-main/db/folders';
import { listScanErrors } from '../../src-main/db/scan-errors';
import { scanFolders, type ScanSummary } from '../../src-main/library/scan';
import type { JobProgress } from '../../src-main/api/jobs';
import { compilation, formatTags, MB, taggedFormats } from '../fixtures/audio/make-fixtures';
import { copyFixtureLibrary } from '../fixtures/audio/library-copy';

let dir: string;
let lib: string;
let db: Db;
let folder: { id: number; path: string };
let first: ScanSummary;
const progress: JobProgress[] = [];

interface Row {
  path: string;
  title: string;
  artist: string;
  artists: string;
  album: string | null;
  album_artist: string | null;
  album_id: number | null;
  track_no: number | null;
  disc_no: number | null;
  year: number | null;
  genre: string | null;
  duration_ms: number | null;
  codec: string | null;
  compilation: number;
  missing: number;
  mb_recording_id: string | null;
  mb_album_id: string | null;
  mb_artist_id: string | null;
}
const row = (rel: string): Row | undefined =>
  db.prepare('SELECT * FROM tracks WHERE path = ?').get(path.join(lib, rel)) as Row | undefined;
const count = (): number =>
  (db.prepare('SELECT COUNT(*) AS n FROM tracks WHERE missing = 0').get() as { n: number }).n;
const rescan = (onParse?: (p: string) => void): Promise<ScanSummary> =>
  scanFolders(db, [folder], { workers: 2, onParse });

/** The well-formed audio files in the fixture library: 9 formats, 1 untagged, 2 compilation, 1 VBR. */
const GOOD_FILES = taggedFormats.length + 1 + compilation.tracks.length + 1;
const BROKEN_BUT_LISTED = ['odd/not-audio-random-bytes.mp3', 'odd/flac-truncated.flac'];

beforeAll(async () => {
  ({ dir, library: lib } = copyFixtureLibrary());
  db = openDb(path.join(dir, 'encore.db'));
  folder = { id: addFolder(db, lib), path: lib };
  first = await scanFolders(db, [folder], { workers: 2, onProgress: (p) => progress.push(p) });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a first scan of the fixture library', () => {
  it('adds every well-formed audio file and lists the broken ones as files too', () => {
    expect(first).toMatchObject({
      files: GOOD_FILES + BROKEN_BUT_LISTED.length,
      added: GOOD_FILES,
      updated: 0,
      unchanged: 0,
      removed: 0,
    });
    expect(count()).toBe(GOOD_FILES);
  });

  it.each(taggedFormats.map((f, i) => [f.file, i] as const))('stores the tags of %s', (file, i) => {
    const tags = formatTags(i);
    const r = row(`tagged/${file}`);
    expect(r).toMatchObject({
      title: tags.title,
      artist: tags.artist,
      album: tags.album,
      track_no: i + 1,
      genre: tags.genre,
    });
    expect(r?.codec).toBeTruthy();
    expect(r?.duration_ms).toBeGreaterThan(900);
    expect(r?.duration_ms).toBeLessThan(1200);
  });

  it('stores year, disc and album artist where the format carries them', () => {
    expect(row('tagged/flac-vorbis-comments.flac')).toMatchObject({
      year: 1991,
      disc_no: 2,
      album_artist: 'Album Artist of flac-vorbis-comments',
    });
    expect(row('tagged/mp3-id3v2.mp3')).toMatchObject({ year: 1990, disc_no: 2 });
    expect(row('tagged/m4a-alac.m4a')).toMatchObject({ year: 1995, disc_no: 2, codec: 'ALAC' });
  });

  it('stores MusicBrainz ids from Vorbis comments and ID3v2 TXXX frames', () => {
    expect(row('tagged/flac-vorbis-comments.flac')).toMatchObject({
      mb_recording_id: MB.recording,
      mb_album_id: MB.album,
      mb_artist_id: MB.artist,
    });
    expect(row('tagged/mp3-id3v2.mp3')).toMatchObject({
      mb_album_id: MB.album,
      mb_artist_id: MB.artist,
    });
  });

  it('names an untagged file from its path: Artist/Album/03 - Title.mp3', () => {
    expect(row('untagged/Folder Artist/Folder Album/03 - Folder Title.mp3')).toMatchObject({
      title: 'Folder Title',
      artist: 'Folder Artist',
      album: 'Folder Album',
      track_no: 3,
    });
  });

  it('keeps each track artist on a Various Artists compilation, under one album', () => {
    const rows = compilation.tracks.map((t) => row(`${compilation.folder}/${t.file}`)!);
    expect(rows.map((r) => [r.artist, r.album_artist, r.compilation])).toEqual(
      compilation.tracks.map((t) => [t.artist, 'Various Artists', 1]),
    );
    expect(new Set(rows.map((r) => r.album_id)).size).toBe(1);
  });

  it('counts the frames of a VBR mp3 without a Xing header instead of guessing from its size', () => {
    const ms = row('odd/mp3-vbr-without-xing-header.mp3')?.duration_ms;
    expect(ms).toBeGreaterThan(2900);
    expect(ms).toBeLessThan(3200);
  });

  it('reports each bad file with its path and a reason, and keeps it out of tracks', () => {
    const byPath = new Map(first.errors.map((e) => [path.relative(lib, e.path), e.message]));
    expect(byPath.get('odd/zero-byte.mp3')).toMatch(/empty/);
    expect(byPath.get('odd/not-audio-random-bytes.mp3')).toBeTruthy();
    expect(byPath.get('odd/flac-truncated.flac')).toMatch(/No audio stream/);
    expect(byPath.get('odd/symlink-loop/back-to-odd')).toMatch(/loop/);
    expect(byPath.get('odd/name-not-utf8-\\xff\\xfe.mp3')).toMatch(/rename/);
    expect(first.errors).toHaveLength(5);
    for (const rel of byPath.keys()) expect(row(rel)).toBeUndefined();
  });

  it('records the same errors in scan_errors', () => {
    expect(
      listScanErrors(db)
        .map((e) => e.path)
        .sort(),
    ).toEqual(first.errors.map((e) => e.path).sort());
  });

  it('ignores covers, notes and hidden files without reporting them', () => {
    const mentioned = [
      ...first.errors.map((e) => e.path),
      ...(db.prepare('SELECT path FROM tracks').pluck().all() as string[]),
    ];
    expect(mentioned.filter((p) => /cover\.jpg|notes\.txt|apple-double/.test(p))).toEqual([]);
  });

  it('reports progress up to the total, naming files as it goes', () => {
    expect(progress.at(-1)).toEqual({ done: first.files, total: first.files });
    expect(progress.some((p) => p.current?.endsWith('.flac'))).toBe(true);
    expect(progress.map((p) => p.done)).toEqual(
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
    );
  });
});

describe('rescanning', () => {
  it('parses nothing that is unchanged: only the files that failed last time are read again', async () => {
    const parsed: string[] = [];
    const s = await rescan((p) => parsed.push(p));
    expect(s).toMatchObject({ added: 0, updated: 0, unchanged: GOOD_FILES, removed: 0 });
    expect(parsed.map((p) => path.relative(lib, p)).sort()).toEqual([...BROKEN_BUT_LISTED].sort());
  });

  it('re-reads a file whose mtime changed', async () => {
    const file = path.join(lib, 'tagged/ogg-vorbis.ogg');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const parsed: string[] = [];
    expect(await rescan((p) => parsed.push(p))).toMatchObject({
      updated: 1,
      unchanged: GOOD_FILES - 1,
    });
    expect(parsed).toContain(file);
  });

  it('re-reads a file whose size changed', async () => {
    appendFileSync(path.join(lib, 'tagged/wav-riff-info.wav'), Buffer.alloc(16));
    expect(await rescan()).toMatchObject({ updated: 1, unchanged: GOOD_FILES - 1 });
  });

  it('marks a deleted file missing and counts it as removed, keeping its row', async () => {
    copyFileSync(path.join(lib, 'tagged/opus.opus'), path.join(dir, 'opus.opus'));
    rmSync(path.join(lib, 'tagged/opus.opus'));
    expect(await rescan()).toMatchObject({ removed: 1, unchanged: GOOD_FILES - 1 });
    expect(row('tagged/opus.opus')?.missing).toBe(1);
    expect(count()).toBe(GOOD_FILES - 1);
  });

  it('brings a missing file back when it reappears', async () => {
    copyFileSync(path.join(dir, 'opus.opus'), path.join(lib, 'tagged/opus.opus'));
    expect(await rescan()).toMatchObject({ updated: 1, removed: 0 });
    expect(row('tagged/opus.opus')).toMatchObject({ missing: 0, codec: 'Opus' });
  });

  it('forgets an error once the file reads again', async () => {
    copyFileSync(path.join(lib, 'tagged/mp3-id3v2.mp3'), path.join(lib, 'odd/zero-byte.mp3'));
    expect(await rescan()).toMatchObject({ added: 1 });
    expect(listScanErrors(db).map((e) => path.relative(lib, e.path))).not.toContain(
      'odd/zero-byte.mp3',
    );
  });

  it('leaves the tracks of a folder that cannot be read (an unplugged drive) as they were', async () => {
    const before = count();
    const s = await scanFolders(db, [{ id: folder.id, path: path.join(dir, 'not-mounted') }], {
      workers: 1,
    });
    expect(s.errors.map((e) => e.message)).toEqual([expect.stringMatching(/Not found/)]);
    expect(s.removed).toBe(0);
    expect(count()).toBe(before);
  });
});
