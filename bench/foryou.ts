/**
 * For You on the demo library (issue 5: For You must stay well under 100 ms): trains the ALS and
 * the artist-budget models through the handlers, then times `recommend.forYou` (persona and
 * breadth lines included) and `recommend.deepCuts`. The first For You call (model files read,
 * personas folded and labelled) is reported apart from the p50 / p95 of the calls after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createHandlers } from '../src-main/api/handlers';
import { Engine } from '../src-main/engine';
import { ensureDemoLibrary } from '../src-main/library/demo';

const CALLS = Number(process.env.BENCH_FORYOU_CALLS ?? 50);

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const round = (x: number) => Math.round(x * 10) / 10;

async function timed<T>(work: () => Promise<T> | T): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'encore-bench-foryou-'));
  const engine = new Engine({ dbPath: path.join(dir, 'library.db'), host: 'direct' });
  try {
    await ensureDemoLibrary(engine.db);
    const api = createHandlers(engine);
    const train = async (kind: 'als' | 'budget') =>
      (await timed(async () => engine.jobs.wait((await api['models.train']({ kind })).jobId)))[0];
    const alsTrainMs = await train('als');
    const budgetTrainMs = await train('budget');
    const input = { limit: 30, tzOffsetS: 3600 };
    const [firstMs] = await timed(() => api['recommend.forYou'](input));
    const forYou: number[] = [];
    const deepCuts: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      forYou.push((await timed(() => api['recommend.forYou'](input)))[0]);
      deepCuts.push((await timed(() => api['recommend.deepCuts']({ limit: 15 })))[0]);
    }
    return {
      library: 'demo',
      calls: CALLS,
      alsTrainMs: round(alsTrainMs),
      budgetTrainMs: round(budgetTrainMs),
      forYouFirstMs: round(firstMs),
      forYouP50Ms: round(quantile(forYou, 0.5)),
      forYouP95Ms: round(quantile(forYou, 0.95)),
      deepCutsP50Ms: round(quantile(deepCuts, 0.5)),
      deepCutsP95Ms: round(quantile(deepCuts, 0.95)),
      load1: round(loadavg()[0]!),
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
