import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine';
import type { Handlers } from '../../src-main/api/handlers';
import { parseM3u } from '../../src-main/playlists/formats';
import { openDemoEngine, type DemoEngine } from './demo-engine';

let demo: DemoEngine;
let engine: Engine;
let api: Handlers;
let tracks: { id: number; path: string; title: string }[];

beforeAll(async () => {
  demo = await openDemoEngine('playlists');
  ({ engine, api } = demo);
  tracks = engine.db
    .prepare('SELECT id, path, title FROM tracks WHERE missing = 0 ORDER BY id LIMIT 5')
    .all() as typeof tracks;
}, 60_000);

afterAll(() => demo.close());

const items = (n: number) => tracks.slice(0, n).map((t) => ({ trackId: t.id }));

describe('playlists', () => {
  it('creates, lists, renames and deletes a playlist, items in order', async () => {
    const made = await api['playlists.create']({ name: 'Road trip', items: items(3) });
    expect(made).toMatchObject({ name: 'Road trip', kind: 'manual', trackCount: 3 });
    expect(made.durationMs).toBeGreaterThan(0);
    const got = await api['playlists.get']({ id: made.id });
    expect(got?.items.map((i) => i.track.id)).toEqual(tracks.slice(0, 3).map((t) => t.id));
    expect(got?.items.map((i) => i.position)).toEqual([0, 1, 2]);

    expect(await api['playlists.rename']({ id: made.id, name: 'Long drive' })).toEqual({
      renamed: true,
    });
    expect((await api['playlists.list']({})).map((p) => p.name)).toContain('Long drive');

    expect(await api['playlists.delete']({ id: made.id })).toEqual({ deleted: true });
    expect(await api['playlists.get']({ id: made.id })).toBeNull();
    expect(
      engine.db
        .prepare('SELECT COUNT(*) FROM playlist_items WHERE playlist_id = ?')
        .pluck()
        .get(made.id),
    ).toBe(0);
  });

  it('keeps the radio’s reasons and lets one track appear twice', async () => {
    const made = await api['playlists.create']({
      name: 'Radio',
      kind: 'radio',
      items: [{ trackId: tracks[0]!.id, reason: 'often follows X' }, { trackId: tracks[0]!.id }],
    });
    const got = await api['playlists.get']({ id: made.id });
    expect(got?.items.map((i) => i.reason)).toEqual(['often follows X', null]);
  });

  it('rejects an unknown track id without creating half a playlist', async () => {
    const before = (await api['playlists.list']({})).length;
    expect(() =>
      api['playlists.create']({ name: 'Bad', items: [...items(1), { trackId: 999_999 }] }),
    ).toThrow(/FOREIGN KEY/);
    expect(await api['playlists.list']({})).toHaveLength(before);
  });

  it('replaces the items of a playlist', async () => {
    const made = await api['playlists.create']({ name: 'Swap', items: items(2) });
    await api['playlists.setItems']({ id: made.id, items: items(4).reverse() });
    const got = await api['playlists.get']({ id: made.id });
    expect(got?.items.map((i) => i.track.id)).toEqual(
      tracks
        .slice(0, 4)
        .map((t) => t.id)
        .reverse(),
    );
  });
});

describe('playlist files', () => {
  it('round-trips through an M3U8 file written with relative paths', async () => {
    const made = await api['playlists.create']({ name: 'Round/trip', items: items(4) });
    const libraryRoot = engine.db
      .prepare('SELECT path FROM library_folders')
      .pluck()
      .get() as string;
    const out = await api['playlists.export']({ id: made.id, format: 'm3u8', folder: libraryRoot });
    expect(out.fileName).toBe('Round trip.m3u8');
    const lines = out.text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines.every((l) => !path.isAbsolute(l))).toBe(true);
    expect(out.text).toMatch(/#EXTINF:\d+,.+ - .+\n/);

    // Saved where the relative paths point from, it imports back to the same tracks.
    const file = path.join(demo.dir, 'written.m3u8');
    writeFileSync(
      file,
      out.text.replace(/^(?!#)(.+)$/gm, (l) => path.join(libraryRoot, l)),
    );
    const back = await api['playlists.import']({ path: file });
    expect(back).toMatchObject({ name: 'written', matched: 4, unmatched: [] });
    const got = await api['playlists.get']({ id: back.playlistId });
    expect(got?.items.map((i) => i.track.id)).toEqual(tracks.slice(0, 4).map((t) => t.id));
  });

  it('imports relative entries from the file’s own folder and reports unmatched lines', async () => {
    const file = path.join(demo.dir, 'lists', 'mixed.m3u8');
    mkdirSync(path.dirname(file), { recursive: true });
    const rel = path.relative(path.dirname(file), tracks[1]!.path);
    expect(rel.startsWith('..')).toBe(true);
    writeFileSync(
      file,
      `#EXTM3U\n#EXTINF:1,x - y\n${rel}\n/nowhere/ghost.mp3\nhttp://stream.example/live\n`,
    );
    const got = await api['playlists.import']({ path: file, name: 'Mixed' });
    expect(got.matched).toBe(1);
    expect(got.unmatched).toEqual([
      { line: 4, text: '/nowhere/ghost.mp3' },
      { line: 5, text: 'http://stream.example/live' },
    ]);
    const items = (await api['playlists.get']({ id: got.playlistId }))?.items;
    expect(items?.map((i) => i.track.id)).toEqual([tracks[1]!.id]);
  });

  it('says which file it cannot read', async () => {
    await expect(
      api['playlists.import']({ path: path.join(demo.dir, 'none.m3u8') }),
    ).rejects.toThrow(/none\.m3u8: ENOENT/);
  });

  it('exports XSPF whose locations resolve back to the library files', async () => {
    const made = await api['playlists.create']({ name: 'X', items: items(2) });
    const out = await api['playlists.export']({ id: made.id, format: 'xspf' });
    expect(out.mimeType).toBe('application/xspf+xml');
    const locations = [...out.text.matchAll(/<location>(.+?)<\/location>/g)].map((m) => m[1]!);
    expect(parseM3u(locations.join('\n'), '/').map((e) => e.path)).toEqual(
      tracks.slice(0, 2).map((t) => t.path),
    );
    expect(readFileSync(tracks[0]!.path).length).toBeGreaterThan(0);
  });
});
