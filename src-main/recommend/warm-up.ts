/**
 * For You, prepared before it is asked for (issue 7, scale). At a 20-year history the first For
 * You after start loads the model and folds the whole history into it, its personas and the
 * artist counts: seconds of work that every later visit follows play by play in milliseconds. The
 * hosts (Electron, serve) start it once the first screen is up, and again when a job (a scan, an
 * import, a training) has changed what it derives from; the listener who opens For You a few
 * seconds after start finds it ready.
 *
 * It runs on the main thread, in stages with a turn of the event loop between them, so that what
 * the listener asks for meanwhile (a search, a page of the library) waits for one stage at most,
 * never for the whole; the two longest, the persona fold's arithmetic and the scan of every play
 * for the personas' labels, run on worker threads (persona-fold.ts, persona-times.ts). A newer
 * request to warm up, or closing the engine, stops it between stages.
 */
import type { Db } from '../db/connection';
import type { Engine } from '../engine';
import { allCandidateTracks, profileArtistCounts, profileTrackCounts } from '../db/training-data';
import { countBreadth } from './artist-breadth';
import { forYou, type ForYou } from './for-you';
import { personaOwners } from './for-you-personas';
import { forYouRequest } from '../../src-renderer/screens/foryou/request';
import { listenerState } from './for-you-state';
import { trainerOf } from './handlers';
import { foldInputOf, foldPersonas } from './personas';
import { foldSystemsInWorker, type FoldSystems } from './persona-fold';
import { personaTimesInWorker, type PersonaTimes } from './persona-times';
import { dataVersion } from '../db/data-memo';
import { DEFAULT_PERSONAS } from './personas-handlers';

export interface WarmUpOptions {
  /** Wait this long after start before the first stage (the first screen's queries go first). */
  delayMs?: number;
  /** Wait this long after a job finishes (default 2 s: a scan or import often comes in several). */
  settleMs?: number;
  /** Called after each warm-up with what it did (the bench and tests read it). */
  onDone?: (report: WarmUpReport) => void;
}

export interface WarmUpReport {
  /**
   * `ready`: For You's request is prepared; `no-model`: nothing to prepare; `stopped`: superseded
   * or closed; `failed`: an error, which the visit will meet and report (`error`).
   */
  outcome: 'ready' | 'no-model' | 'stopped' | 'failed';
  ms: number;
  /** The longest stage: the most a request arriving meanwhile waited for. */
  longestStageMs: number;
  /**
   * What each stage held this thread, by name (a model load: its longest stretch, the file read
   * and checked on a worker meanwhile; the persona fold only its hand-over to the worker).
   */
  stagesMs: Record<string, number>;
  /**
   * What a stage waited for work running aside (the persona workers), and each model load whole,
   * the thread free between its stretches.
   */
  waitedMs: Record<string, number>;
  error?: string;
  /** What `recommend.forYou` answers For You's request with, until the data changes. */
  prepared?: ForYou;
}

/** The stages that take what the stage before them started aside (on a worker). */
const WAITS_ASIDE = new Set(['personas', 'personaLabels']);

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps For You prepared: now (after `delayMs`) and after every job that finishes. Returns the
 * function that stops it (also registered with the engine's close).
 */
export function keepForYouWarm(engine: Engine, options: WarmUpOptions = {}): () => void {
  let generation = 0;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (delayMs: number) => {
    if (closed) return;
    const mine = ++generation;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const run = warmUp(engine, () => closed || mine !== generation).then((r) => {
        options.onDone?.(r);
        return r;
      });
      inFlight.set(engine, run);
      // warmUp never rejects; an onDone that throws must not become an unhandled rejection.
      void run
        .catch(() => undefined)
        .finally(() => {
          if (inFlight.get(engine) === run) inFlight.delete(engine);
        });
    }, delayMs);
  };
  const stopJobs = engine.jobs.onUpdate((job) => {
    if (job.state === 'done') schedule(options.settleMs ?? JOB_SETTLE_MS);
  });
  const stop = () => {
    closed = true;
    if (timer) clearTimeout(timer);
    stopJobs();
  };
  engine.onClose(stop);
  schedule(options.delayMs ?? START_DELAY_MS);
  return stop;
}

/** The warm-up running now, per engine. */
const inFlight = new WeakMap<Engine, Promise<WarmUpReport>>();

/**
 * Waits for the warm-up running now, if any (`recommend.forYou` does, before computing): a visit
 * during the warm-up then takes what it prepared, the persona fold and the labels' scan done on
 * their workers, instead of computing the rest again on the engine's thread.
 */
export async function warmUpDone(engine: Engine): Promise<void> {
  await inFlight.get(engine)?.catch(() => undefined);
}

/**
 * Work run aside (on a worker) from one data version: `take` gives its result while the database
 * is still at that version, nothing otherwise (or when it failed: the stage then does it here).
 */
function asideOf<T>(db: Db) {
  let kept: { version: string; value: T } | null = null;
  return {
    async run(work: () => Promise<T> | null): Promise<void> {
      const version = dataVersion(db);
      const value = await (work() ?? Promise.resolve(null)).catch(() => null);
      if (value !== null) kept = { version, value };
    },
    take(): T | undefined {
      return kept !== null && kept.version === dataVersion(db) ? kept.value : undefined;
    },
  };
}

/**
 * Runs `work` and measures the longest stretch this thread went without a turn of its event loop
 * meanwhile (a timer ticking every millisecond): how long a request arriving then could wait.
 */
async function longestHold<T>(work: () => Promise<T>): Promise<{ value: T; longestMs: number }> {
  let last = performance.now();
  let longestMs = 0;
  const tick = () => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
  };
  const ticker = setInterval(tick, 1);
  try {
    const value = await work();
    tick();
    return { value, longestMs };
  } finally {
    clearInterval(ticker);
  }
}

/** After start: the first screen's own queries run first. */
const START_DELAY_MS = 300;
/** After a job: a scan or import often comes in several jobs in a row. */
const JOB_SETTLE_MS = 2_000;

/**
 * One warm-up: loads the active models and computes For You's request in stages, the same memos
 * `recommend.forYou` reads, so that its call finds them all. `stopped()` is asked between stages.
 */
export async function warmUp(engine: Engine, stopped: () => boolean): Promise<WarmUpReport> {
  const started = performance.now();
  const stagesMs: Record<string, number> = {};
  const waitedMs: Record<string, number> = {};
  const report = (
    outcome: WarmUpReport['outcome'],
    extra: Pick<WarmUpReport, 'error' | 'prepared'> = {},
  ): WarmUpReport => ({
    outcome,
    ms: performance.now() - started,
    longestStageMs: Math.max(0, ...Object.values(stagesMs)),
    stagesMs,
    waitedMs,
    ...extra,
  });
  const { db, profileId } = engine;
  const trainer = trainerOf(engine);
  // A model's load reads and checks its file on a worker, then views it here: its stage is the
  // longest stretch it held this thread, its wait the whole load.
  const load = async <T>(name: string, get: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const { value, longestMs } = await longestHold(get);
    stagesMs[name] = longestMs;
    waitedMs[name] = performance.now() - t0;
    return value;
  };
  try {
    const loaded = await load('model', () => trainer.active.getIfAny());
    if (!loaded) return report('no-model');
    if (stopped()) return report('stopped');
    const budget = await load('budgetModel', () => trainer.budget.getIfAny());
    const request = forYouRequest(new Date());
    const { tzOffsetS } = request;
    let prepared: ForYou | undefined;
    // The persona fold (seconds of arithmetic) runs on a worker while this thread answers
    // requests; then the scan of every play for the personas' labels, on a worker with its own
    // read-only connection, for the fold's owners. Each result is used if nothing changed
    // meanwhile; else that part runs here.
    const folded = asideOf<FoldSystems>(db);
    const timed = asideOf<PersonaTimes>(db);
    const foldAside = () =>
      folded.run(() => {
        const input = foldInputOf(db, profileId, loaded, DEFAULT_PERSONAS);
        return input.items.length > 0 ? foldSystemsInWorker(input) : null;
      });
    const timesAside = () =>
      timed.run(() => {
        const { owner, vectors } = foldPersonas(db, profileId, loaded, DEFAULT_PERSONAS);
        if (vectors.length < 2) return null; // a single persona has no label
        return personaTimesInWorker({
          dbPath: engine.options.dbPath,
          profileId,
          tzOffsetS,
          trackIds: Int32Array.from(owner.keys()),
          owners: Int32Array.from(owner.values()),
          P: vectors.length,
        });
      });
    const stages: [string, () => unknown][] = [
      ['trackCounts', () => profileTrackCounts(db, profileId)],
      ['artistCounts', () => profileArtistCounts(db, profileId)],
      ['candidates', () => allCandidateTracks(db, loaded.model.trackIds)],
      ['personaFold', foldAside],
      ['listener', () => listenerState(db, profileId, loaded)],
      ['personas', () => foldPersonas(db, profileId, loaded, DEFAULT_PERSONAS, folded.take())],
      ['personaTimes', timesAside],
      ['personaLabels', () => personaOwners(db, profileId, loaded, tzOffsetS, timed.take())],
      ['breadth', () => (budget ? countBreadth(db, profileId) : null)],
      [
        'forYou',
        () => (prepared = forYou(db, profileId, loaded, request.limit, { budget, tzOffsetS })),
      ],
    ];
    let aside: Promise<unknown> | null = null;
    for (const [name, stage] of stages) {
      await nextTurn();
      if (stopped() || !db.open) return report('stopped');
      // The stage that needs what runs aside waits for it (the thread is free meanwhile).
      if (WAITS_ASIDE.has(name) && aside) {
        const w0 = performance.now();
        await aside;
        waitedMs[name] = performance.now() - w0;
        if (stopped() || !db.open) return report('stopped');
      }
      const t0 = performance.now();
      const result = stage();
      stagesMs[name] = performance.now() - t0;
      if (result instanceof Promise) aside = result;
    }
    return report('ready', prepared ? { prepared } : {});
  } catch (e) {
    // Never fatal: the visit computes (and reports) the same thing when it is asked for.
    if (stopped() || !db.open) return report('stopped');
    return report('failed', { error: e instanceof Error ? e.message : String(e) });
  }
}
