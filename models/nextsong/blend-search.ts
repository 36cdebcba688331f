/**
 * Blend weights by evaluation (issue 6): every weight vector of a small grid is scored on held-out
 * sessions by HR@20 + MRR@20 (the protocol of eval.ts, ties against the model) and the best kept.
 * Weights only matter up to scale, so the grid holds the vectors whose largest weight is 1. The
 * grid is walked sparsest first and a vector replaces the best so far only when it wins by more
 * than one event's worth: with a few hundred events, a part that is noise can otherwise win by
 * luck (breaking another part's ties the lucky way), and must get weight 0.
 */
import { normaliseInPlace, type BlendPart } from './blend';
import { MRR_CUTOFF } from './eval';
import type { Session } from './sessions';

export interface WeightSearchResult {
  weights: number[];
  /** Validation figures of the chosen weights. */
  hr20: number;
  mrr20: number;
  /** Ranked validation events (the latest `maxEvents` at most). */
  events: number;
  /** Weight vectors tried. */
  tried: number;
}

export interface WeightSearchOptions {
  /** Values each weight takes; the default is coarse because events are few. */
  grid?: readonly number[];
  /** Only the latest events count: they are what the listener does now, and they bound the cost. */
  maxEvents?: number;
}

export const DEFAULT_WEIGHT_GRID = [0, 0.25, 0.5, 1] as const;
/** Items per part whose scores are compared first; the rest only when they could matter. */
const SHORTLIST = 64;

/** Every vector over `grid` (length `parts`) whose largest value is 1, sparsest first. */
export function weightGrid(
  parts: number,
  grid: readonly number[] = DEFAULT_WEIGHT_GRID,
): number[][] {
  const top = Math.max(...grid);
  let all: number[][] = [[]];
  for (let p = 0; p < parts; p++) all = all.flatMap((w) => grid.map((g) => [...w, g]));
  return all
    .filter((w) => Math.max(...w) === top)
    .map((w) => w.map((v) => v / top))
    .sort((a, b) => zeros(b) - zeros(a));
}
const zeros = (w: readonly number[]) => w.filter((v) => v === 0).length;

/** (prefix, target) pairs of the sessions: every listened play after the first, latest last. */
export function validationEvents(
  sessions: readonly Session[],
  maxEvents = Infinity,
): { prefix: Int32Array; target: number }[] {
  const events = [...sessions]
    .sort((a, b) => a.start - b.start)
    .flatMap((s) =>
      Array.from(s.items.subarray(1), (target, j) =>
        s.skipped[j + 1] ? null : { prefix: s.items.subarray(0, j + 1), target },
      ).filter((e) => e !== null),
    );
  return events.slice(Math.max(0, events.length - maxEvents));
}

/**
 * Chooses the weights of `parts` (already fitted, on sessions before `validation`) on the
 * validation sessions. Exact for HR@20 and MRR@20: per event the parts' distributions are
 * computed once; for each weight vector only a shortlist (each part's top items) is ranked, and
 * the whole catalogue only when an item outside it could still beat the target.
 */
export function searchBlendWeights(
  parts: readonly Omit<BlendPart, 'weight'>[],
  validation: readonly Session[],
  options: WeightSearchOptions = {},
): WeightSearchResult {
  const grid = weightGrid(parts.length, options.grid);
  const events = validationEvents(validation, options.maxEvents ?? 500);
  const hits = new Float64Array(grid.length);
  const mrr = new Float64Array(grid.length);
  for (const { prefix, target } of events) {
    const dists = parts.map(({ model, normalise }) => {
      const s = model.scoreNext(prefix);
      normaliseInPlace(s, normalise);
      return s;
    });
    const shortlist = new Set<number>();
    const floors = dists.map((d) => {
      const top = topIndices(d, SHORTLIST);
      for (const i of top) shortlist.add(i);
      return d[top[top.length - 1]!] ?? 0;
    });
    shortlist.delete(target);
    const listed = [...shortlist];
    grid.forEach((w, g) => {
      const score = (i: number) => dists.reduce((sum, d, p) => sum + w[p]! * d[i]!, 0);
      const t = score(target);
      let rank = 1;
      for (const i of listed) if (score(i) >= t) rank++;
      if (rank > MRR_CUTOFF) return;
      // An item outside every shortlist scores at most Σ w·floor: below the target, it cannot tie.
      const bound = floors.reduce((sum, f, p) => sum + w[p]! * f, 0);
      if (bound >= t) {
        rank = 1;
        for (let i = 0; i < dists[0]!.length; i++) if (i !== target && score(i) >= t) rank++;
        if (rank > MRR_CUTOFF) return;
      }
      hits[g]! += 1;
      mrr[g]! += 1 / rank;
    });
  }
  let best = 0;
  const n = Math.max(1, events.length);
  const objective = (g: number) => (hits[g]! + mrr[g]!) / n;
  const margin = 1 / n;
  for (let g = 1; g < grid.length; g++) if (objective(g) > objective(best) + margin) best = g;
  return {
    weights: grid[best]!,
    hr20: hits[best]! / n,
    mrr20: mrr[best]! / n,
    events: events.length,
    tried: grid.length,
  };
}

/** Indices of the k largest values (ties by lower index). */
function topIndices(values: Float32Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (top.length === k && v <= values[top[k - 1]!]!) continue;
    let p = Math.min(top.length, k - 1);
    if (top.length < k) top.push(i);
    while (p > 0 && values[top[p - 1]!]! < v) {
      top[p] = top[p - 1]!;
      p--;
    }
    top[p] = i;
  }
  return top;
}
