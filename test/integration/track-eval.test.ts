import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowItems } from '../../models/sparse';
import type { RawPlay } from '../../src-main/training/nextsong-data';
import { trackSplit } from '../../src-main/training/track-eval';

const root = path.resolve(import.meta.dirname, '../..');
const DAY = 86_400;
const t0 = Date.UTC(2023, 0, 2, 12) / 1000;

/** Ten daily sessions, plays three minutes apart; 80 % of start times cut after session 8. */
function history(): RawPlay[] {
  const plays: RawPlay[] = [];
  const session = (day: number, tracks: [string, string][], skipped: number[] = []) =>
    tracks.forEach(([artist, title], i) =>
      plays.push({ time: t0 + day * DAY + i * 180, artist, title, skipped: skipped.includes(i) }),
    );
  for (let day = 0; day < 8; day++)
    session(day, [
      ['Alpha', 'One'],
      ['Alpha', day % 2 ? 'Two' : 'Three'],
      ['Beta', 'Uno'],
      ['Gamma', `Song ${day}`],
    ]);
  // Test session: history half = Alpha One, alpha  TWO (same track, other spelling); held half =
  // Beta Uno (known) and Delta New (never in training: dropped). A skipped play is left out.
  session(
    8,
    [
      ['Alpha', 'One'],
      ['alpha', ' TWO'],
      ['Beta', 'Uno'],
      ['Beta', 'Uno'],
      ['Delta', 'New'],
      ['Gamma', 'Song 0'],
    ],
    [5],
  );
  // A later session with one distinct track: nothing to hold out, dropped.
  session(9, [
    ['Beta', 'Uno'],
    ['Beta', 'Uno'],
  ]);
  return plays;
}

describe('trackSplit: sessions as rows, temporal cut, half of each test session held out', () => {
  const data = trackSplit(history());

  it('counts what the protocol keeps and drops', () => {
    expect(data.protocol).toEqual({
      plays: 40,
      skippedPlays: 1,
      sessions: 10,
      trainSessions: 8,
      testSessions: 1,
      evaluatedSessions: 1,
      tracks: 3 + 1 + 8,
      artists: 3,
      trainPlays: 32 + 2,
      heldPlays: 2,
      unknownHeldPlays: 1,
    });
  });

  it('puts the test session’s first half in training and its known second half in test', () => {
    const key = (c: number) => data.trackKeys[c]!.replace('\u0000', ' – ');
    expect(Array.from(rowItems(data.train, 8).items, key).sort()).toEqual([
      'alpha – one',
      'alpha – two',
    ]);
    const held = rowItems(data.test, 8);
    expect(Array.from(held.items, key)).toEqual(['beta – uno']);
    expect(Array.from(held.values)).toEqual([2]);
    for (let r = 0; r < 8; r++) expect(data.test.indptr[r + 1]).toBe(data.test.indptr[r]);
  });

  it('gives every column its artist', () => {
    const alpha = data.artistOf[data.trackKeys.indexOf('alpha\u0000one')];
    expect(data.artistOf[data.trackKeys.indexOf('alpha\u0000two')]).toBe(alpha);
    expect(data.artistOf[data.trackKeys.indexOf('beta\u0000uno')]).not.toBe(alpha);
  });
});

describe('encore eval --history', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'encore-track-eval-'));
    file = path.join(dir, 'scrobbles.csv');
    const month = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
    const when = (s: number) => {
      const d = new Date(s * 1000);
      const hh = String(d.getUTCHours()).padStart(2, '0');
      const mm = String(d.getUTCMinutes()).padStart(2, '0');
      return `"${d.getUTCDate()} ${month[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm}"`;
    };
    const lines = history()
      .filter((p) => !p.skipped)
      .reverse()
      .map((p) => `${when(p.time)},${p.artist},Album,${p.title}`);
    writeFileSync(file, ['utc_time,artist,album,track', ...lines].join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const encore = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', './scripts/source-hooks.mjs', 'src-main/cli.ts', ...args],
        { cwd: root },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );

  it('fits the budget model on the export and reports the extra metrics', async () => {
    const out = await encore('eval', '--history', file, '--model', 'budget', '--json');
    expect(out.stderr).toBe('');
    const result = JSON.parse(out.stdout) as {
      model: string;
      split: { kind: string; evaluatedSessions: number };
      metrics: Record<string, number>;
      intervals: Record<string, [number, number]>;
    };
    expect(result.model).toBe('budget');
    expect(result.split).toMatchObject({ kind: 'sessions', evaluatedSessions: 1 });
    expect(Object.keys(result.metrics)).toEqual(
      expect.arrayContaining(['ndcg@10', 'epr', 'within-artist', 'diversity@20']),
    );
    expect(Object.keys(result.intervals)).toEqual(Object.keys(result.metrics));
    // The one held-out track's artist (Beta) is not in the row's history: no within-artist plays.
    expect(result.metrics['within-artist']).toBe(0);
    expect(result.metrics['diversity@20']).toBeGreaterThanOrEqual(1);
  });

  it('refuses the budget model without track-level data', async () => {
    const out = await encore('eval', '--interactions', file, '--model', 'budget');
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/--history/);
  });
});
