/**
 * The radio's taste weight, chosen by evaluation (issue 6): the radio scores a track as
 * `unit(next-song blend) + w · unit(ALS score of the session folded in)` (src-main/recommend/
 * radio-engine.ts), and `w` is chosen here on validation sessions — the latest ones — with the
 * next-song parts and an ALS both fitted on the sessions before them, never on the validation
 * part. HR@20 + MRR@20 as eval.ts ranks (ties against the model); a weight replaces the best so
 * far only when it wins by more than one event's worth, walking up from 0, so an ALS that adds
 * nothing gets weight 0 instead of a lucky one.
 */
import { AlsModel, type AlsParams } from '../als';
import { csrFromTriplets } from '../sparse';
import { MRR_CUTOFF } from './eval';
import { validationEvents } from './blend-search';
import type { Session } from './sessions';

/** Prefix → a score per item in [0, 1], or null when it has nothing to say about the prefix. */
export type PrefixScorer = (prefix: Int32Array) => Float32Array | null;

/** The radio's weight before any evaluation (set by hand). */
export const DEFAULT_TASTE_WEIGHT = 0.5;

/** Weights tried, smallest first. */
export const TASTE_WEIGHT_GRID = [0, 0.125, 0.25, 0.5, 1, 2] as const;

export interface TasteWeightResult {
  weight: number;
  hr20: number;
  mrr20: number;
  /** Ranked validation events. */
  events: number;
  /** HR@20 / MRR@20 per weight tried, in grid order. */
  tried: { weight: number; hr20: number; mrr20: number }[];
}

/** Scores scaled so the best is 1 and negatives are 0 (the radio's `scaleToUnit`). */
export function scaleToUnit(scores: Float32Array): Float32Array {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max <= 0) return new Float32Array(scores.length);
  return scores.map((s) => Math.max(0, s) / max);
}

/**
 * An ALS over `sessions` as rows (listened plays counted, skips left out), and the scorer the
 * radio uses with it: the prefix folded in as a new row, its scores scaled to [0, 1].
 */
export async function sessionAlsScorer(
  sessions: readonly Session[],
  itemCount: number,
  params: Partial<AlsParams>,
): Promise<PrefixScorer> {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  sessions.forEach((s, r) => {
    s.items.forEach((item, j) => {
      if (s.skipped[j]) return;
      rows.push(r);
      cols.push(item);
      values.push(1);
    });
  });
  const model = new AlsModel(params);
  // Duplicates (a track played twice in a session) are summed by csrFromTriplets.
  await model.fit(csrFromTriplets(sessions.length, itemCount, rows, cols, values));
  return (prefix) => {
    const counts = new Map<number, number>();
    for (const item of prefix) counts.set(item, (counts.get(item) ?? 0) + 1);
    if (counts.size === 0) return null;
    const out = new Float32Array(itemCount);
    model.scoreVector(model.foldIn([...counts.keys()], [...counts.values()]), out);
    return scaleToUnit(out);
  };
}

/**
 * Chooses `w` in `next + w · taste` on the validation sessions (the latest `maxEvents` events).
 * `next` and `taste` must be fitted on sessions before `validation`.
 */
export function chooseTasteWeight(
  next: PrefixScorer,
  taste: PrefixScorer,
  validation: readonly Session[],
  options: { grid?: readonly number[]; maxEvents?: number } = {},
): TasteWeightResult {
  const grid = options.grid ?? TASTE_WEIGHT_GRID;
  const events = validationEvents(validation, options.maxEvents ?? 500);
  const hits = new Float64Array(grid.length);
  const mrr = new Float64Array(grid.length);
  for (const { prefix, target } of events) {
    const n = next(prefix);
    const a = taste(prefix);
    grid.forEach((w, g) => {
      const score = (i: number) => (n ? n[i]! : 0) + (a ? w * a[i]! : 0);
      const t = score(target);
      const count = n?.length ?? a?.length ?? 0;
      let rank = 1;
      for (let i = 0; i < count && rank <= MRR_CUTOFF; i++)
        if (i !== target && score(i) >= t) rank++;
      if (rank > MRR_CUTOFF) return;
      hits[g]! += 1;
      mrr[g]! += 1 / rank;
    });
  }
  const count = Math.max(1, events.length);
  const objective = (g: number) => (hits[g]! + mrr[g]!) / count;
  let best = 0;
  for (let g = 1; g < grid.length; g++) if (objective(g) > objective(best) + 1 / count) best = g;
  return {
    weight: grid[best]!,
    hr20: hits[best]! / count,
    mrr20: mrr[best]! / count,
    events: events.length,
    tried: grid.map((weight, g) => ({
      weight,
      hr20: hits[g]! / count,
      mrr20: mrr[g]! / count,
    })),
  };
}
