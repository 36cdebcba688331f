import { describe, expect, it } from 'vitest';
import { rowItems } from '../../../models/sparse';
import type { TrainingPlay } from '../../../src-main/db/training-data';
import { firstRows, matricesFromPlays } from '../../../src-main/training/matrices';

let nextId = 1;
const play = (
  session: number,
  trackId: number | null,
  artist: string,
  skipped = false,
): TrainingPlay => ({
  playId: nextId++,
  session,
  trackId,
  artistKey: artist.toLowerCase(),
  artist,
  skipped,
});

/** Three sessions: session 1 holds only a skip and an unmatched play. */
const log: TrainingPlay[] = [
  play(0, 10, 'Lumen Tide'),
  play(0, 10, 'Lumen Tide'),
  play(0, 20, 'Kiln Circuit'),
  play(1, 30, 'Kiln Circuit', true),
  play(1, null, 'Far Away Band'),
  play(2, 20, 'Kiln Circuit'),
  play(2, null, 'far away band'),
  play(2, null, 'Far Away Band'),
];

const row = (m: ReturnType<typeof matricesFromPlays>['tracks'], r: number) => {
  const { items, values } = rowItems(m.matrix, r);
  return Object.fromEntries(Array.from(items, (c, q) => [m.columns[c], values[q]]));
};

describe('training matrices from a play log', () => {
  const { tracks, artists } = matricesFromPlays(log);

  it('gives each session with a matched play a track row, and the profile the last row', () => {
    expect(tracks.sessions).toBe(2);
    expect(tracks.profileRow).toBe(2);
    expect(tracks.matrix.rows).toBe(3);
    expect(row(tracks, 0)).toEqual({ 10: 2, 20: 1 });
    expect(row(tracks, 1)).toEqual({ 20: 1 });
    expect(row(tracks, 2)).toEqual({ 10: 2, 20: 2 });
  });

  it('leaves skipped plays out, so a track only ever skipped is no column', () => {
    expect(tracks.columns).toEqual([10, 20]);
  });

  it('counts unmatched plays in the artist matrix, names grouped by their normalised key', () => {
    expect(artists.sessions).toBe(3);
    const names = artists.columns.map((a) => a.name);
    expect(names).toEqual(['Lumen Tide', 'Kiln Circuit', 'Far Away Band']);
    const profile = rowItems(artists.matrix, artists.profileRow);
    expect(Array.from(profile.values)).toEqual([2, 2, 3]);
    const lonely = rowItems(artists.matrix, 1); // session 1: its only listened play is unmatched
    expect(Array.from(lonely.items)).toEqual([2]);
  });

  it('cuts the sessions off the profile row for hold-out evaluation', () => {
    const sessions = firstRows(tracks.matrix, tracks.sessions);
    expect(sessions.rows).toBe(2);
    expect(sessions.indptr[sessions.rows]).toBe(3);
  });

  it('gives empty matrices for an empty log', () => {
    const empty = matricesFromPlays([]);
    expect(empty.tracks.matrix.rows).toBe(1);
    expect(empty.tracks.matrix.cols).toBe(0);
    expect(empty.artists.columns).toEqual([]);
  });
});
