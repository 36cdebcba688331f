import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordAppPlay } from '../../src-main/db/plays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../src-main/api/handlers';
import type { JobProgress } from '../../src-main/api/jobs';
import { Engine } from '../../src-main/engine';
import { ensureDemoLibrary } from '../../src-main/library/demo';
import { modelsFolder } from '../../src-main/training/model-store';
import type { TrainResult } from '../../src-main/training/train-job';

let dir: string;
let dbPath: string;
let engine: Engine;
let api: Handlers;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-train-'));
  dbPath = path.join(dir, 'library.db');
  engine = new Engine({ dbPath, host: 'direct' });
  await ensureDemoLibrary(engine.db);
  api = createHandlers(engine);
}, 60_000);

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the models.train job on the demo library', () => {
  it('asks to train a model first when none exists', async () => {
    await expect(api['recommend.forYou']({ limit: 5 })).rejects.toThrow(/Train a model first/);
    expect(await api['models.list']({})).toEqual([]);
  });

  it('stops when cancelled, storing no model', async () => {
    const { jobId } = await api['models.train']({ kind: 'als' });
    const off = engine.jobs.onUpdate((job) => {
      if (job.jobId === jobId && job.progress.done >= 1) engine.jobs.cancel(jobId);
    });
    const info = await engine.jobs.wait(jobId);
    off();
    expect(info.state).toBe('cancelled');
    expect(await api['models.list']({})).toEqual([]);
  });

  it('reports iteration, loss and ETA, then stores the model file and an active models row', async () => {
    const seen: JobProgress[] = [];
    const { jobId } = await api['models.train']({ kind: 'als' });
    expect((await api['models.train']({ kind: 'als' })).jobId).toBe(jobId); // one train at a time
    const off = engine.jobs.onUpdate((job) => {
      if (job.jobId === jobId) seen.push(job.progress);
    });
    const info = await engine.jobs.wait(jobId);
    off();
    expect(info.state).toBe('done');
    const last = seen.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(seen.some((p) => /loss \d.* · ETA \d+ s/.test(p.message ?? ''))).toBe(true);

    const result = info.result as TrainResult;
    expect(existsSync(path.join(modelsFolder(dbPath), result.file))).toBe(true);
    expect(result.file).toMatch(/^als-.*\.encm$/);
    const [model] = await api['models.list']({});
    expect(model).toMatchObject({ kind: 'als', active: true });
    expect(model!.metrics.loss).toHaveLength(15);
    const holdout = model!.metrics.holdout as { epr: number; 'ndcg@10': number };
    expect(holdout.epr).toBeLessThan(0.5); // better than random on the demo's sessions
  }, 60_000);

  it('recommends tracks with "because you played" reasons and artists outside the library', async () => {
    const result = await api['recommend.forYou']({ limit: 10 });
    expect(result.tracks.length).toBeGreaterThan(0);
    expect(result.tracks.every((t) => t.because.length > 0)).toBe(true);
    expect(result.tracks.every((t) => t.because.every((b) => b.trackId !== t.track.id))).toBe(true);
    expect(result.outsideLibrary.length).toBeGreaterThan(0);
  });

  it('answers a second visit from what the first computed, until a play changes the history', async () => {
    const first = await api['recommend.forYou']({ limit: 10 });
    expect(await api['recommend.forYou']({ limit: 10 })).toBe(first);
    const played = first.tracks[0]!.track.id;
    const listened = () =>
      engine.db
        .prepare(
          `SELECT COUNT(*) FROM plays
            WHERE track_id = ? AND skipped = 0 AND duplicate_of IS NULL`,
        )
        .pluck()
        .get(played) as number;
    const before = listened();
    recordAppPlay(engine.db, {
      profileId: engine.profileId,
      trackId: played,
      startedAtMs: Date.now(),
      msPlayed: 600_000,
    });
    const after = await api['recommend.forYou']({ limit: 10 });
    expect(after).not.toBe(first);
    // The new play counts at once (fold-in, no retraining): the track is among its own reasons
    // (y_iᵀ W y_i > 0) with one play more than before.
    expect(listened()).toBe(before + 1);
    const full = await api['recommend.explain']({ trackId: played });
    expect(full.because.find((b) => b.trackId === played)?.plays).toBe(before + 1);
  });

  it('never recommends a track whose file is missing', async () => {
    const before = await api['recommend.forYou']({ limit: 10 });
    const gone = before.tracks[0]!.track.id;
    engine.db.prepare('UPDATE tracks SET missing = 1 WHERE id = ?').run(gone);
    const after = await api['recommend.forYou']({ limit: 50 });
    expect(after.tracks.map((t) => t.track.id)).not.toContain(gone);
    expect(
      (await api['recommend.similar']({ trackId: after.tracks[0]!.track.id, limit: 50 })).map(
        (t) => t.trackId,
      ),
    ).not.toContain(gone);
    engine.db.prepare('UPDATE tracks SET missing = 0 WHERE id = ?').run(gone);
  });

  it('explains a track by its largest contributing plays (MAX_BECAUSE at most), largest share first', async () => {
    const { tracks } = await api['recommend.forYou']({ limit: 1 });
    const full = await api['recommend.explain']({ trackId: tracks[0]!.track.id });
    expect(full.because.length).toBeGreaterThanOrEqual(tracks[0]!.because.length);
    const shares = full.because.map((b) => b.share);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
  });

  it('loads the stored model again after a restart (a new Engine on the same file)', async () => {
    const before = await api['recommend.forYou']({ limit: 5 });
    const again = new Engine({ dbPath, host: 'direct' });
    try {
      const after = await createHandlers(again)['recommend.forYou']({ limit: 5 });
      expect(after.modelId).toBe(before.modelId);
      expect(after.tracks.map((t) => t.track.id)).toEqual(before.tracks.map((t) => t.track.id));
    } finally {
      await again.close();
    }
  });

  it('retrains instead of crashing when the stored model file is damaged or gone', async () => {
    const before = await api['recommend.forYou']({ limit: 5 });
    const row = engine.db.prepare('SELECT file FROM models WHERE id = ?').get(before.modelId) as {
      file: string;
    };
    const file = path.join(modelsFolder(dbPath), path.basename(row.file));
    const bytes = readFileSync(file);
    bytes[bytes.length - 9]! ^= 0xff; // one flipped byte in the factors
    writeFileSync(file, bytes);
    const again = new Engine({ dbPath, host: 'direct' });
    try {
      const handlers = createHandlers(again);
      await expect(handlers['recommend.forYou']({ limit: 5 })).rejects.toThrow(/being retrained/);
      const train = again.jobs.list().find((j) => j.kind === 'train');
      expect(train).toBeDefined();
      expect((await again.jobs.wait(train!.jobId)).state).toBe('done');
      const after = await handlers['recommend.forYou']({ limit: 5 });
      expect(after.modelId).not.toBe(before.modelId);
      expect(after.tracks.length).toBeGreaterThan(0);
      const latest = again.db
        .prepare('SELECT file FROM models WHERE id = ?')
        .get(after.modelId) as {
        file: string;
      };
      rmSync(path.join(modelsFolder(dbPath), path.basename(latest.file)));
    } finally {
      await again.close();
    }
    const third = new Engine({ dbPath, host: 'direct' });
    try {
      await expect(createHandlers(third)['recommend.forYou']({ limit: 5 })).rejects.toThrow(
        /missing; it is being retrained/,
      );
      const train = third.jobs.list().find((j) => j.kind === 'train');
      expect((await third.jobs.wait(train!.jobId)).state).toBe('done');
    } finally {
      await third.close();
    }
  }, 90_000);
});
