import { describe, expect, it } from 'vitest';
import { AlsModel } from '../../../models/als';
import { KEPT_EXPLANATIONS } from '../../../models/following-listener';
import { mulberry32 } from '../../../models/random';

/** An ALS model with random item factors (what fold-in and explanations read of it). */
function modelWith(items: number, k: number, seed = 7): AlsModel {
  const random = mulberry32(seed);
  const model = new AlsModel({ factors: k, alpha: 2, lambda: 0.1 });
  model.colFactors = Float32Array.from({ length: items * k }, () => random() - 0.5);
  return model;
}

/** The history as (items, counts) lists, zero counts left out. */
function lists(history: Map<number, number>) {
  const entries = [...history].filter(([, n]) => n > 0);
  return { items: entries.map(([c]) => c), counts: entries.map(([, n]) => n) };
}

/** Each followed explanation as a fresh fold-in of the same history gives it. */
function expectSameAsFresh(
  model: AlsModel,
  history: Map<number, number>,
  followed: ReturnType<AlsModel['followingListener']>,
  targets: number[],
  top: number,
) {
  const { items, counts } = lists(history);
  const fresh = model.listener(items, counts);
  followed.vector.forEach((v, f) => expect(v).toBeCloseTo(fresh.vector[f]!, 5));
  const a = followed.explainAll(targets, top);
  const b = fresh.explainAll(targets, top);
  // Relative to the size of the terms: a long history's products are float32 (the kernel's).
  const close = (x: number, y: number, scale: number) =>
    expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-5 * scale + 1e-9);
  targets.forEach((_, i) => {
    const scale = Math.abs(b[i]!.score) + Math.abs(b[i]!.contributions[0]!.contribution);
    close(a[i]!.score, b[i]!.score, scale);
    expect(a[i]!.contributions.map((c) => c.item)).toEqual(b[i]!.contributions.map((c) => c.item));
    a[i]!.contributions.forEach((c, r) => {
      close(c.contribution, b[i]!.contributions[r]!.contribution, scale);
      // A share divides by the score, which may be small next to its terms.
      close(c.share, b[i]!.contributions[r]!.share, scale / Math.abs(b[i]!.score));
    });
  });
}

describe('FollowingListener', () => {
  it('starts as the fold-in and follows plays (more, new, none) as a fresh fold-in would', () => {
    const model = modelWith(300, 8);
    const random = mulberry32(11);
    const history = new Map<number, number>();
    for (let i = 0; i < 60; i++)
      history.set(Math.floor(random() * 300), 1 + Math.floor(random() * 9));
    const { items, counts } = lists(history);
    const followed = model.followingListener(items, counts);
    const targets = [3, 50, 120, 299, items[0]!];
    expectSameAsFresh(model, history, followed, targets, 5);
    const computed = followed.refreshed;
    expect(computed).toBe(targets.length);

    const plays: [number, number][] = [
      [items[0]!, history.get(items[0]!)! + 1], // one more play of a played track
      [7, 1], // a first play
      [7, 2],
      [items[1]!, 0], // its plays taken back: it leaves the history
      [items[1]!, 3], // and comes back
      [250, 1],
    ];
    for (const [col, count] of plays) {
      history.set(col, count);
      followed.setCount(col, count);
      expectSameAsFresh(model, history, followed, targets, 5);
    }
    // Every kept explanation followed the plays; none was computed again.
    expect(followed.refreshed).toBe(computed);
    expect(followed.historySize).toBe(lists(history).items.length);
  });

  it('follows in the WebAssembly kernel range, and keeps only the most recently asked items', () => {
    // 10,000 played × 40 asked: products and corrections in the kernel (KERNEL_DOTS, KERNEL_ROWS).
    const model = modelWith(20_000, 16, 3);
    const history = new Map<number, number>();
    for (let c = 0; c < 20_000; c += 2) history.set(c, 1 + (c % 7));
    const { items, counts } = lists(history);
    const followed = model.followingListener(items, counts);
    const targets = Array.from({ length: 40 }, (_, i) => i * 37 + 1);
    expectSameAsFresh(model, history, followed, targets, 4);
    for (const [col, count] of [
      [1, 1],
      [0, 9],
      [19_999, 2],
    ] as const) {
      history.set(col, count);
      followed.setCount(col, count);
    }
    const before = followed.refreshed;
    expectSameAsFresh(model, history, followed, targets, 4);
    expect(followed.refreshed).toBe(before);

    // More items asked than are kept: the oldest asked are dropped and computed again when asked.
    const others = Array.from({ length: KEPT_EXPLANATIONS }, (_, i) => i * 41 + 3);
    followed.explainAll(others, 3);
    const afterOthers = followed.refreshed;
    followed.explain(targets[0]!, 3);
    expect(followed.refreshed).toBe(afterOthers + 1);
  });

  it('ignores a zero count for an item it never had', () => {
    const model = modelWith(50, 4);
    const followed = model.followingListener([1, 2], [3, 4]);
    const vector = Float32Array.from(followed.vector);
    followed.setCount(9, 0);
    expect([...followed.vector]).toEqual([...vector]);
    expect(followed.historySize).toBe(2);
  });
});
