// The artist-budget model in the app (issue 5): trained by `models.train {kind: 'budget'}` on the
// demo library, then Deep cuts and For You's breadth and persona lines, every number checked
// against the plays table.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../src-main/api/handlers';
import type { JobProgress } from '../../src-main/api/jobs';
import { Engine } from '../../src-main/engine';
import type { BudgetTrainResult } from '../../src-main/training/budget-job';
import { modelsFolder } from '../../src-main/training/model-store';
import { openDemoEngine, type DemoEngine } from './demo-engine';

let demo: DemoEngine;
let engine: Engine;
let api: Handlers;
let dbPath: string;

beforeAll(async () => {
  demo = await openDemoEngine('budget');
  ({ engine, api } = demo);
  dbPath = demo.dbPath;
}, 60_000);

afterAll(() => demo.close());

/** Listened plays of one track, straight from the plays table. */
const playsOf = (trackId: number) =>
  engine.db
    .prepare(
      `SELECT COUNT(*) FROM plays WHERE track_id = ? AND profile_id = ?
          AND skipped = 0 AND duplicate_of IS NULL`,
    )
    .pluck()
    .get(trackId, engine.profileId) as number;

/** Listened plays and distinct played tracks of one artist (as tagged), from the plays table. */
const artistPlays = (artist: string) =>
  engine.db
    .prepare(
      `SELECT COUNT(*) AS plays, COUNT(DISTINCT p.track_id) AS tracks
         FROM plays p JOIN tracks t ON t.id = p.track_id
        WHERE t.artist = ? AND p.profile_id = ? AND p.skipped = 0 AND p.duplicate_of IS NULL`,
    )
    .get(artist, engine.profileId) as { plays: number; tracks: number };

async function trainBudget(): Promise<{ result: BudgetTrainResult; seen: JobProgress[] }> {
  const seen: JobProgress[] = [];
  const { jobId } = await api['models.train']({ kind: 'budget' });
  const off = engine.jobs.onUpdate((job) => {
    if (job.jobId === jobId) seen.push(job.progress);
  });
  const info = await engine.jobs.wait(jobId);
  off();
  expect(info.state).toBe('done');
  return { result: info.result as BudgetTrainResult, seen };
}

describe('the artist-budget model on the demo library', () => {
  it('asks to train the artist-budget model first', async () => {
    await expect(api['recommend.deepCuts']({ limit: 5 })).rejects.toThrow(
      /Train the artist-budget model first/,
    );
    await expect(api['recommend.deepCuts']({ limit: 5 })).rejects.toHaveProperty(
      'name',
      'NoModelError',
    );
  });

  it('stops when cancelled, storing no model', async () => {
    const { jobId } = await api['models.train']({ kind: 'budget' });
    const off = engine.jobs.onUpdate((job) => {
      if (job.jobId === jobId && job.progress.done >= 1) engine.jobs.cancel(jobId);
    });
    const info = await engine.jobs.wait(jobId);
    off();
    expect(info.state).toBe('cancelled');
    expect(await api['models.list']({})).toEqual([]);
  });

  it('reports iteration, ELBO and ETA, then stores a budget file and an active models row', async () => {
    const { result, seen } = await trainBudget();
    expect(seen.some((p) => /ELBO -?\d.* · ETA \d+ s/.test(p.message ?? ''))).toBe(true);
    expect(seen.at(-1)!.done).toBe(seen.at(-1)!.total);
    expect(result.file).toMatch(/^budget-.*\.encm$/);
    const [model] = await api['models.list']({});
    expect(model).toMatchObject({ kind: 'budget', active: true, id: result.modelId });
    const elbo = model!.metrics.elbo as number[];
    expect(elbo.length).toBeGreaterThan(1);
    // Coordinate ascent never lowers the bound (allowing float round-off).
    elbo
      .slice(1)
      .forEach((e, i) => expect(e).toBeGreaterThanOrEqual(elbo[i]! - 1e-6 * Math.abs(e)));
    const holdout = model!.metrics.holdout as { epr: number };
    expect(holdout.epr).toBeLessThan(0.5); // better than random on the demo's sessions
    expect(model!.params).toMatchObject({ factors: 16 });
  }, 60_000);

  it('finds under-played tracks of broadly played artists, explained in plays-table numbers', async () => {
    const { tracks } = await api['recommend.deepCuts']({ limit: 10 });
    expect(tracks.length).toBeGreaterThan(0);
    for (const cut of tracks) {
      const artist = artistPlays(cut.track.artist);
      expect(cut.plays).toBe(playsOf(cut.track.id));
      expect(cut.artist).toMatchObject({ plays: artist.plays, tracksPlayed: artist.tracks });
      expect(artist.tracks).toBeGreaterThanOrEqual(2); // broadly: more than one track
      expect(cut.plays * artist.tracks).toBeLessThanOrEqual(artist.plays / 2); // ≤ half the mean
      expect(cut.why).toContain(
        `You spread ${artist.plays} plays over ${artist.tracks} of ${cut.track.artist}`,
      );
      expect(cut.why).toMatch(
        cut.plays === 0 ? /never played$/ : new RegExp(`played (${cut.plays} times|once|twice)$`),
      );
    }
  });

  it('leaves out tracks whose file is missing', async () => {
    const before = await api['recommend.deepCuts']({ limit: 50 });
    const gone = before.tracks[0]!.track.id;
    engine.db.prepare('UPDATE tracks SET missing = 1 WHERE id = ?').run(gone);
    try {
      const after = await api['recommend.deepCuts']({ limit: 50 });
      expect(after.tracks.map((t) => t.track.id)).not.toContain(gone);
    } finally {
      engine.db.prepare('UPDATE tracks SET missing = 0 WHERE id = ?').run(gone);
    }
  });

  it('gives For You tracks a persona line and, with the budget model, a breadth line', async () => {
    const { jobId } = await api['models.train']({ kind: 'als' });
    expect((await engine.jobs.wait(jobId)).state).toBe('done');
    const { tracks } = await api['recommend.forYou']({ limit: 10, tzOffsetS: 0 });
    expect(tracks.length).toBeGreaterThan(0);
    const { personas } = await api['personas.list']({ tzOffsetS: 0 });
    const labels = personas.map((p) => p.label);
    for (const rec of tracks) {
      expect(labels).toContain(rec.persona);
      const artist = artistPlays(rec.track.artist);
      expect(rec.breadth).toBe(
        `You spread ${artist.plays} plays over ${artist.tracks} of ${rec.track.artist}'${rec.track.artist.endsWith('s') ? '' : 's'} tracks`,
      );
    }
  }, 60_000);

  it('retrains instead of crashing when the stored budget file is damaged', async () => {
    const [row] = engine.db
      .prepare("SELECT id, file FROM models WHERE kind = 'budget' AND active = 1")
      .all() as { id: number; file: string }[];
    const file = path.join(modelsFolder(dbPath), row!.file);
    const bytes = readFileSync(file);
    bytes[bytes.length - 9]! ^= 0xff;
    writeFileSync(file, bytes);
    const again = new Engine({ dbPath, host: 'direct' });
    try {
      const handlers = createHandlers(again);
      await expect(handlers['recommend.deepCuts']({ limit: 5 })).rejects.toThrow(/being retrained/);
      // For You goes on without the breadth lines meanwhile.
      const forYou = await handlers['recommend.forYou']({ limit: 5 });
      expect(forYou.tracks.every((t) => t.breadth === null)).toBe(true);
      const train = again.jobs.list().find((j) => j.kind === 'train-budget');
      expect((await again.jobs.wait(train!.jobId)).state).toBe('done');
      const after = await handlers['recommend.deepCuts']({ limit: 5 });
      expect(after.modelId).not.toBe(row!.id);
      expect(after.tracks.length).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
  }, 60_000);
});
