// For You prepared in the background (issue 7: For You < 100 ms at a 20-year history, first visit
// included): the hosts start `keepForYouWarm` once the first screen is up; the For You screen's
// request then finds its answer computed, and a finished job (a training here) prepares it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forYouRequest } from '../../src-renderer/screens/foryou/request';
import { keepForYouWarm, warmUp, type WarmUpReport } from '../../src-main/recommend/warm-up';
import { trainerOf } from '../../src-main/recommend/handlers';
import { foldSystems, foldSystemsInWorker } from '../../src-main/recommend/persona-fold';
import { foldInputOf, foldPersonas } from '../../src-main/recommend/personas';
import { personaTimes, personaTimesInWorker } from '../../src-main/recommend/persona-times';
import { DEFAULT_PERSONAS } from '../../src-main/recommend/personas-handlers';
import { openDemoEngine, type DemoEngine } from './demo-engine';

let demo: DemoEngine;

beforeAll(async () => {
  demo = await openDemoEngine('for-you-warm');
}, 60_000);

afterAll(() => demo.close());

/** Reports of a `keepForYouWarm`, and a way to wait for the next one. */
function watch() {
  const reports: WarmUpReport[] = [];
  const waiting: ((r: WarmUpReport) => void)[] = [];
  return {
    reports,
    onDone: (r: WarmUpReport) => {
      reports.push(r);
      waiting.splice(0).forEach((resolve) => resolve(r));
    },
    next: () => new Promise<WarmUpReport>((resolve) => waiting.push(resolve)),
  };
}

const screenRequest = () => forYouRequest(new Date());

async function train(kind: 'als' | 'budget'): Promise<void> {
  const { jobId } = await demo.api['models.train']({ kind });
  expect((await demo.engine.jobs.wait(jobId)).state).toBe('done');
}

describe('For You warm-up', () => {
  it('has nothing to prepare before a model is trained', async () => {
    const report = await warmUp(demo.engine, () => false);
    expect(report).toMatchObject({ outcome: 'no-model' });
    expect(report.prepared).toBeUndefined();
  });

  it('prepares the For You screen’s request, which the call then answers without computing', async () => {
    await train('als');
    await train('budget');
    const w = watch();
    const stop = keepForYouWarm(demo.engine, { delayMs: 0, onDone: w.onDone });
    try {
      const report = await w.next();
      expect(report.outcome).toBe('ready');
      expect(report.longestStageMs).toBeGreaterThan(0);
      expect(report.longestStageMs).toBeLessThanOrEqual(report.ms);
      // The persona fold ran aside, on its worker, and the personas stage took its systems.
      expect(report.stagesMs.personaFold).toBeGreaterThan(0);
      expect(report.waitedMs.personas).toBeGreaterThanOrEqual(0);
      expect(report.waitedMs.personaLabels).toBeGreaterThanOrEqual(0);
      const prepared = report.prepared!;
      expect(prepared.tracks.length).toBeGreaterThan(0);
      expect(prepared.tracks.some((t) => t.breadth !== null)).toBe(true);
      // The very object the warm-up computed: the visit only looked it up.
      expect(await demo.api['recommend.forYou'](screenRequest())).toBe(prepared);
    } finally {
      stop();
    }
  }, 120_000);

  it('lets a visit made while it runs wait for it, instead of computing the rest itself', async () => {
    // A job's warm-up: the memos start over after a training.
    await train('als');
    const order: string[] = [];
    const w = watch();
    const stop = keepForYouWarm(demo.engine, {
      delayMs: 0,
      onDone: (r) => {
        order.push(`warm-up ${r.outcome}`);
        w.onDone(r);
      },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 5)); // the warm-up has started
      const visit = await demo.api['recommend.forYou'](screenRequest());
      order.push('visit');
      const report = await (w.reports[0] ? Promise.resolve(w.reports[0]) : w.next());
      expect(order).toEqual(['warm-up ready', 'visit']);
      expect(visit).toBe(report.prepared);
    } finally {
      stop();
    }
  }, 120_000);

  it('prepares it again after a job finishes, for the model that job trained', async () => {
    const w = watch();
    const stop = keepForYouWarm(demo.engine, { delayMs: 60_000, settleMs: 0, onDone: w.onDone });
    try {
      const before = await demo.api['recommend.forYou'](screenRequest());
      const next = w.next();
      await train('als');
      const report = await next;
      expect(report.outcome).toBe('ready');
      expect(report.prepared!.modelId).toBeGreaterThan(before.modelId);
      expect(await demo.api['recommend.forYou'](screenRequest())).toBe(report.prepared);
      // The start-up warm-up (a minute away) never ran: a job's warm-up supersedes it.
      expect(w.reports).toHaveLength(1);
    } finally {
      stop();
    }
  }, 120_000);

  it('folds the personas on a worker exactly as on the engine’s thread', async () => {
    const loaded = await trainerOf(demo.engine).active.get();
    const input = foldInputOf(demo.engine.db, demo.engine.profileId, loaded, DEFAULT_PERSONAS);
    expect(input.items.length).toBeGreaterThan(0);
    const here = foldSystems(input);
    const there = await foldSystemsInWorker(input);
    expect(Array.from(there.X)).toEqual(Array.from(here.X));
    expect(there.last?.owner).toEqual(here.last?.owner);
    expect(there.last?.A.map((a) => Array.from(a))).toEqual(here.last?.A.map((a) => Array.from(a)));
  });

  it('scans the personas’ times on a worker, with its own connection, as on the engine’s thread', async () => {
    const { db, profileId } = demo.engine;
    const loaded = await trainerOf(demo.engine).active.get();
    const { owner, vectors } = foldPersonas(db, profileId, loaded, DEFAULT_PERSONAS);
    const here = personaTimes(db, profileId, 3600, (id) => owner.get(id), vectors.length);
    const there = await personaTimesInWorker({
      dbPath: demo.dbPath,
      profileId,
      tzOffsetS: 3600,
      trackIds: Int32Array.from(owner.keys()),
      owners: Int32Array.from(owner.values()),
      P: vectors.length,
    });
    expect(here.when.reduce((n, w) => n + w.reduce((a, b) => a + b, 0), 0)).toBeGreaterThan(0);
    expect(there.when.map((w) => Array.from(w))).toEqual(here.when.map((w) => Array.from(w)));
    expect([...there.months]).toEqual([...here.months]);
  });

  it('stops between stages when superseded or closed, leaving no answer behind', async () => {
    let asked = 0;
    const report = await warmUp(demo.engine, () => ++asked > 2);
    expect(report.outcome).toBe('stopped');
    expect(report.prepared).toBeUndefined();
  });
});
