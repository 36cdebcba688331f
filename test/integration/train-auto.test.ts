import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSetting } from '../../src-main/db/settings';
import { Engine } from '../../src-main/engine';
import { ensureDemoLibrary } from '../../src-main/library/demo';
import { AUTO_TRAIN_SETTING, Trainer } from '../../src-main/recommend/trainer';

let dir: string;
let engine: Engine;
let trainer: Trainer;
const trainJobs = () => engine.jobs.list().filter((j) => j.kind === 'train');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-autotrain-'));
  engine = new Engine({ dbPath: path.join(dir, 'library.db'), host: 'direct' });
  await ensureDemoLibrary(engine.db); // ~3,000 listened plays, no model yet
  trainer = new Trainer(engine, 20);
}, 60_000);

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('training by itself after enough new plays', () => {
  it('waits while fewer new plays than the setting have come in', async () => {
    setSetting(engine.db, AUTO_TRAIN_SETTING, 1_000_000);
    engine.emit({ type: 'plays-changed' });
    await sleep(100);
    expect(trainJobs()).toEqual([]);
  });

  it('starts one train job for a burst of plays-changed events once the count is reached', async () => {
    setSetting(engine.db, AUTO_TRAIN_SETTING, 200);
    for (let i = 0; i < 5; i++) engine.emit({ type: 'plays-changed' });
    await sleep(100);
    expect(trainJobs()).toHaveLength(1);
    expect((await engine.jobs.wait(trainJobs()[0]!.jobId)).state).toBe('done');
    expect(trainer.newPlays()).toBe(0);
  }, 60_000);

  it('does not train again when nothing new was played since the model', async () => {
    engine.emit({ type: 'plays-changed' });
    await sleep(100);
    expect(trainJobs()).toHaveLength(1);
  });
});
