import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDemoHistory, type DemoHistory } from '../../src-main/library/demo';
import { demoLibraryDir } from '../../src-main/paths';
import { demoTracks } from '../../scripts/make-demo/catalogue';

const file = path.join(demoLibraryDir(), 'history.json');
const history: DemoHistory = parseDemoHistory(readFileSync(file, 'utf8'), file);
const plays = history.plays;
const at = plays.map((p) => Date.parse(p.playedAt));
const SESSION_GAP_MS = 30 * 60_000;

/** Plays split where more than 30 minutes pass between one play's start and the next. */
const sessions: (typeof plays)[] = [];
plays.forEach((p, i) => {
  if (i === 0 || (at[i] ?? 0) - (at[i - 1] ?? 0) > SESSION_GAP_MS) sessions.push([]);
  sessions.at(-1)?.push(p);
});

const library = new Map(demoTracks().map((t) => [`${t.artist}\x1f${t.title}`, t]));
const inLibrary = (p: { artist: string; title: string }): boolean =>
  library.has(`${p.artist}\x1f${p.title}`);

function topArtists(selected: typeof plays, n: number): string[] {
  const counts = new Map<string, number>();
  for (const p of selected) counts.set(p.artist, (counts.get(p.artist) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([artist]) => artist);
}

describe('the demo listening history', () => {
  it("is in Encore's own export format with 2,500 to 4,000 plays", () => {
    expect(history).toMatchObject({ format: 'encore-history', version: 1 });
    expect(plays.length).toBeGreaterThanOrEqual(2_500);
    expect(plays.length).toBeLessThanOrEqual(4_000);
  });

  it('stamps every play in UTC ISO-8601, in time order, over the six months before 2026-10-31', () => {
    for (const p of plays) expect(p.playedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(at.every((t, i) => i === 0 || t >= (at[i - 1] ?? 0))).toBe(true);
    expect(plays[0]?.playedAt.slice(0, 7)).toBe('2026-05');
    expect(at.at(-1)).toBeLessThan(Date.parse('2026-10-31T00:00:00Z'));
    expect(at.at(-1)).toBeGreaterThan(Date.parse('2026-10-24T00:00:00Z'));
  });

  it('comes in sessions of several plays separated by more than 30 minutes', () => {
    expect(sessions.length).toBeGreaterThan(200);
    const lengths = sessions.map((s) => s.length).sort((a, b) => a - b);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeGreaterThanOrEqual(5);
    // within a session the next play starts when the last one ended, give or take seconds
    plays.forEach((p, i) => {
      const gap = (at[i + 1] ?? Infinity) - (at[i] ?? 0);
      if (gap <= SESSION_GAP_MS)
        expect(gap).toBeGreaterThanOrEqual(Math.floor(p.msPlayed / 1000) * 1000);
    });
  });

  it('shows three personas: weekday mornings, evenings and Friday/Saturday nights favour different artists', () => {
    const hour = (p: (typeof plays)[number]): number => new Date(p.playedAt).getUTCHours();
    const day = (p: (typeof plays)[number]): number => new Date(p.playedAt).getUTCDay();
    const mornings = plays.filter(
      (p) => day(p) >= 1 && day(p) <= 5 && hour(p) >= 6 && hour(p) < 11,
    );
    const evenings = plays.filter((p) => hour(p) >= 18 && hour(p) < 22);
    const nights = plays.filter(
      (p) =>
        (hour(p) >= 22 && (day(p) === 5 || day(p) === 6)) ||
        (hour(p) < 4 && (day(p) === 6 || day(p) === 0)),
    );
    const tops = [mornings, evenings, nights].map((window) => {
      expect(window.length).toBeGreaterThan(300);
      return topArtists(window, 2);
    });
    expect(new Set(tops.flat()).size).toBe(6);
    // and those hours are each persona's own: their two top artists fill most of the window
    for (const [i, window] of [mornings, evenings, nights].entries()) {
      const share = window.filter((p) => tops[i]?.includes(p.artist)).length / window.length;
      expect(share).toBeGreaterThan(0.6);
    }
  });

  it('skips about one play in ten, with plays too short to count as listened', () => {
    const skips = plays.filter((p) => p.msPlayed < 4_000).length / plays.length;
    expect(skips).toBeGreaterThan(0.06);
    expect(skips).toBeLessThan(0.14);
  });

  it('plays some albums from track 1 in order', () => {
    const albumRuns = sessions.filter((s) => {
      const first = library.get(`${s[0]?.artist}\x1f${s[0]?.title}`);
      const next = s.slice(1, 3).map((p) => library.get(`${p.artist}\x1f${p.title}`));
      return (
        first?.trackNo === 1 &&
        next.every((t, k) => t?.album === first.album && t.trackNo === k + 2)
      );
    });
    expect(albumRuns.length).toBeGreaterThanOrEqual(20);
  });

  it('spreads one artist over many songs and wears out a single song of another', () => {
    const byArtist = new Map<string, Map<string, number>>();
    for (const p of plays.filter(inLibrary)) {
      const songs = byArtist.get(p.artist) ?? new Map<string, number>();
      songs.set(p.title, (songs.get(p.title) ?? 0) + 1);
      byArtist.set(p.artist, songs);
    }
    const shapes = [...byArtist.values()].map((songs) => {
      const counts = [...songs.values()];
      const total = counts.reduce((a, b) => a + b, 0);
      return { songs: counts.length, topShare: Math.max(...counts) / total };
    });
    expect(shapes.some((s) => s.songs >= 10 && s.topShare < 0.2)).toBe(true);
    expect(shapes.some((s) => s.topShare > 0.5)).toBe(true);
  });

  it('includes a handful of songs that are not in the demo library', () => {
    const missing = plays.filter((p) => !inLibrary(p));
    expect(new Set(missing.map((p) => `${p.artist}\x1f${p.title}`)).size).toBeGreaterThanOrEqual(3);
    expect(missing.length).toBeGreaterThanOrEqual(10);
    expect(missing.length / plays.length).toBeLessThan(0.05);
  });
});

describe('reading a history file', () => {
  const good = {
    playedAt: '2026-05-01T07:00:00Z',
    artist: 'A',
    title: 'T',
    album: 'L',
    msPlayed: 1000,
  };
  const text = (plays: unknown[]): string =>
    JSON.stringify({ format: 'encore-history', version: 1, plays });

  it('names the file, the play and the field of a malformed play', () => {
    const bad = text([good, { ...good, playedAt: '2026-05-01 07:00' }]);
    expect(() => parseDemoHistory(bad, 'h.json')).toThrow(/^h\.json: plays\[1\]\.playedAt: /);
  });

  it('refuses timestamps that are not UTC and files of another format', () => {
    expect(() =>
      parseDemoHistory(text([{ ...good, playedAt: '2026-05-01T07:00:00+02:00' }]), 'h.json'),
    ).toThrow(/plays\[0\]\.playedAt/);
    expect(() =>
      parseDemoHistory(JSON.stringify({ format: 'spotify', version: 1, plays: [] }), 'h.json'),
    ).toThrow(/^h\.json: format: /);
    expect(() => parseDemoHistory('{"format":', 'h.json')).toThrow(/^h\.json: not valid JSON/);
  });
});
