import { describe, expect, it } from 'vitest';
import type { Session } from '../../../models/nextsong/sessions';
import { MarkovModel } from '../../../models/nextsong/baselines/markov';
import { mulberry32 } from '../../../models/random';
import { RING_ITEMS, ringSessions } from './planted-sessions';
import {
  chooseTasteWeight,
  scaleToUnit,
  sessionAlsScorer,
  TASTE_WEIGHT_GRID,
  type PrefixScorer,
} from '../../../models/nextsong/taste-weight';

const ITEMS = RING_ITEMS;

/**
 * Taste without order: 10 clusters of 30 tracks; a session stays in one cluster and picks its
 * tracks at random, so what comes next is "more of this cluster", never a particular track.
 */
function clusterSessions(count: number, seed: number, from = 0): Session[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, n) => {
    const cluster = Math.floor(random() * 10);
    const items = Array.from({ length: 8 }, () => cluster * 30 + Math.floor(random() * 30));
    return { start: from + n, items: Int32Array.from(items), skipped: new Uint8Array(8) };
  });
}

const flat: PrefixScorer = () => new Float32Array(ITEMS).fill(0.5);
function noise(seed: number): PrefixScorer {
  const random = mulberry32(seed);
  return () => Float32Array.from({ length: ITEMS }, () => random());
}
const als = (train: Session[]) =>
  sessionAlsScorer(train, ITEMS, { factors: 10, iterations: 8, lambda: 1, alpha: 4, seed: 3 });

describe('chooseTasteWeight', () => {
  it('weighs an ALS of the earlier sessions in when the sessions are taste, not order', async () => {
    const train = clusterSessions(1500, 1);
    const validation = clusterSessions(50, 2, 2000);
    const result = chooseTasteWeight(flat, await als(train), validation);
    expect(result.weight).toBeGreaterThan(0);
    // A flat next-song score ranks by item number (ties against the model): nearly never a hit.
    expect(result.tried[0]!.hr20).toBeLessThan(0.1);
    // One cluster is 30 tracks: the taste part puts the right one in the top 20 most times.
    expect(result.hr20).toBeGreaterThan(0.5);
    expect(result.events).toBe(50 * 7);
    expect(result.tried.map((t) => t.weight)).toEqual([...TASTE_WEIGHT_GRID]);
  }, 30_000);

  it('gives a taste part that is noise no weight against a next-song model that knows the order', async () => {
    const train = ringSessions(2000, 1);
    const markov = new MarkovModel(ITEMS, 1);
    await markov.fit(train);
    const result = chooseTasteWeight(
      (prefix) => scaleToUnit(markov.scoreNext(prefix)),
      noise(5),
      ringSessions(60, 2, 3000),
    );
    expect(result.weight).toBe(0);
    expect(result.hr20).toBeGreaterThan(0.9);
  });

  it('folds a prefix into the session ALS: scores in [0, 1], the best at 1; nothing for an empty prefix', async () => {
    const score = await als(clusterSessions(400, 7));
    const s = score(Int32Array.of(31, 32, 33))!;
    expect(s).toHaveLength(ITEMS);
    expect(Math.max(...s)).toBe(1);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
    // Tracks 30–59 are the prefix's cluster: its mean score is far above the others'.
    const mean = (from: number, to: number) =>
      s.slice(from, to).reduce((a, b) => a + b) / (to - from);
    expect(mean(30, 60)).toBeGreaterThan(3 * mean(60, 300));
    expect(score(new Int32Array(0))).toBeNull();
  }, 30_000);
});
