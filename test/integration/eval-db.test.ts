import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import evalCommand from '../../src-main/cli/eval';
import evalNextCommand from '../../src-main/cli/eval-next';
import { librarySessions } from '../../src-main/recommend/radio-session-model';
import { openDb } from '../../src-main/db/connection';
import { ensureDemoLibrary } from '../../src-main/library/demo';
import { libraryEvalData } from '../../src-main/training/library-eval';
import { trainingPlays } from '../../src-main/db/training-data';
import { sessionPlays } from '../../src-main/db/history-stats';
import { trackAlsParams } from '../../src-main/training/track-eval';

let dir: string;
let dbPath: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-eval-db-'));
  dbPath = path.join(dir, 'library.db');
  const db = openDb(dbPath);
  await ensureDemoLibrary(db);
  db.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(
  args: string[],
  command = evalCommand,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await command.run(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    stderrIsTTY: false,
  });
  return { code, out, err };
}

describe('encore eval --db on the demo library', () => {
  it('splits the sessions the app trains on in time: every listened play of a library track is counted', () => {
    const db = openDb(dbPath, { readonly: true });
    const plays = trainingPlays(db, 1);
    const data = libraryEvalData(db, 1, 'temporal', 42);
    const sessions = sessionPlays(db, 1);
    db.close();
    const matched = plays.filter((p) => p.trackId !== null);
    // The same plays, order and sessions as the History screen's session query.
    expect(plays.map((p) => [p.playId, p.session, p.trackId])).toEqual(
      sessions.map((p) => [p.playId, p.session, p.trackId]),
    );
    expect(data.split).toMatchObject({
      kind: 'sessions',
      plays: matched.length,
      skippedPlays: matched.filter((p) => p.skipped).length,
      unmatchedPlays: plays.length - matched.length,
    });
    const s = data.split as Record<string, number>;
    expect(s.trainSessions! / s.sessions!).toBeGreaterThan(0.75);
    expect(s.evaluatedSessions).toBeGreaterThan(0);
    expect(s.trainPlays! + s.heldPlays! + s.unknownHeldPlays!).toBeLessThanOrEqual(
      s.plays! - s.skippedPlays!,
    );
    // The artist of every column comes from the plays: no column without one.
    expect(data.artistOf.length).toBe(data.train.cols);
    expect(Math.max(...data.artistOf)).toBe(data.artists - 1);
  });

  it('prints the same JSON shape as --history, with the track-level metrics', async () => {
    const { code, out } = await run(['--db', dbPath, '--model', 'itemknn', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(Object.keys(result)).toEqual([
      'model',
      'params',
      'split',
      'metrics',
      'intervals',
      'trainSeconds',
    ]);
    expect(result.split.kind).toBe('sessions');
    expect(Object.keys(result.metrics)).toEqual([
      'epr',
      'p@10',
      'r@10',
      'ndcg@10',
      'hr@10',
      'mrr',
      'within-artist',
      'diversity@20',
    ]);
    expect(result.metrics.epr).toBeLessThan(0.5);
  });

  it('fits ALS with the track-level defaults, as the app’s track model does', async () => {
    const { out } = await run(['--db', dbPath, '--model', 'als', '--threads', '1', '--json']);
    expect(JSON.parse(out).params).toEqual(trackAlsParams);
  });

  it('scores the Train job’s own hold-out check with --split holdout, and item-kNN beats random', async () => {
    const common = ['--db', dbPath, '--split', 'holdout', '--json'];
    const knn = JSON.parse((await run([...common, '--model', 'itemknn'])).out);
    const random = JSON.parse((await run([...common, '--model', 'random'])).out);
    expect(knn.split).toMatchObject({ kind: 'holdout', fraction: 0.2, minItems: 5 });
    expect(knn.split.heldPlays).toBeGreaterThan(0);
    expect(knn.metrics['ndcg@10']).toBeGreaterThan(random.metrics['ndcg@10']);
  });

  it('chooses P for personas by validation when --personas is not given, and says so', async () => {
    const { code, out } = await run([
      '--db',
      dbPath,
      '--model',
      'persona',
      '--iterations',
      '4',
      '--json',
    ]);
    expect(code).toBe(0);
    const { params } = JSON.parse(out);
    expect(params.chosenBy.metric).toBe('ndcg@10');
    expect(params.chosenBy.validation.map((s: { personas: number }) => s.personas)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    expect(params.personas).toBeGreaterThanOrEqual(1);
    expect(params.personas).toBeLessThanOrEqual(6);
  }, 60_000);

  it('answers a missing database, an unknown split and two sources with what to do', async () => {
    await expect(run(['--db', path.join(dir, 'nope.db'), '--model', 'pop'])).rejects.toThrow(
      /nope\.db: no such library database/,
    );
    await expect(run(['--db', dbPath, '--split', 'weekly', '--model', 'pop'])).rejects.toThrow(
      /--split must be holdout or temporal/,
    );
    await expect(run(['--db', dbPath, '--history', 'x.csv', '--model', 'pop'])).rejects.toThrow(
      /Give one of --history, --db/,
    );
  });
});

describe('encore eval-next --db on the demo library', () => {
  it('evaluates next-song models on the sessions the radio trains on, split in time', async () => {
    const db = openDb(dbPath, { readonly: true });
    const { sessions } = librarySessions(db, 1);
    db.close();
    const kept = sessions.filter((s) => s.items.length > 1).length;
    const markov = JSON.parse(
      (await run(['--db', dbPath, '--model', 'markov', '--json'], evalNextCommand)).out,
    );
    const pop = JSON.parse(
      (await run(['--db', dbPath, '--model', 'pop', '--json'], evalNextCommand)).out,
    );
    expect(markov.sessions.train).toBe(kept - Math.round(kept * 0.2));
    expect(markov.sessions.test).toBeGreaterThan(0);
    expect(markov.sessions.test).toBeLessThanOrEqual(Math.round(kept * 0.2));
    // The demo's sessions replay a few track orders: what followed before follows again.
    expect(markov.metrics['hr@20']).toBeGreaterThan(pop.metrics['hr@20']);
  }, 60_000);

  it('answers a missing database and two sources with what to do', async () => {
    await expect(
      run(['--db', path.join(dir, 'nope.db'), '--model', 'pop'], evalNextCommand),
    ).rejects.toThrow(/nope\.db: no such library database/);
    await expect(
      run(['--db', dbPath, '--history', 'x.csv', '--model', 'pop'], evalNextCommand),
    ).rejects.toThrow(/Give one of --history, --db/);
  });
});
