import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../models/nextsong/sessions';
import { budgetTraining, keptSessions } from '../../../models/nextsong/training-budget';

const session = (plays: number, start = 0): Session => ({
  start,
  items: new Int32Array(plays),
  skipped: new Uint8Array(plays),
});
const sessionsOf = (sizes: readonly number[]) => sizes.map((n, i) => session(n, i));

describe('budgetTraining', () => {
  it('keeps every session and every epoch when the history fits', () => {
    const cut = budgetTraining(sessionsOf([10, 20, 30]), 10, 1.8, {
      playPasses: 1080,
      minEpochs: 3,
    });
    expect(cut).toEqual({ from: 0, skip: 0, epochs: 10, plays: 60, leftOut: 0 });
  });

  it('first gives up epochs, down to the fewest allowed', () => {
    // 60 plays × 1.8 passes = 108 per epoch: 540 affords 5 epochs.
    expect(
      budgetTraining(sessionsOf([10, 20, 30]), 10, 1.8, { playPasses: 540, minEpochs: 3 }),
    ).toEqual({ from: 0, skip: 0, epochs: 5, plays: 60, leftOut: 0 });
  });

  it('then keeps only the latest plays that fit at the fewest epochs', () => {
    // At 3 epochs and 1 pass a play, 100 play-passes keep 33 plays: the last two sessions (20 + 5)
    // and the last 8 plays of the one before.
    const sessions = sessionsOf([40, 30, 5, 20]);
    sessions[1] = { ...sessions[1]!, items: Int32Array.from({ length: 30 }, (_, i) => i) };
    const cut = budgetTraining(sessions, 10, 1, { playPasses: 100, minEpochs: 3 });
    expect(cut).toEqual({ from: 1, skip: 22, epochs: 3, plays: 33, leftOut: 62 });
    const kept = keptSessions(sessions, cut);
    expect(kept.map((s) => s.items.length)).toEqual([8, 5, 20]);
    expect(Array.from(kept[0]!.items)).toEqual([22, 23, 24, 25, 26, 27, 28, 29]);
    expect(kept[0]!.skipped).toHaveLength(8);
  });

  it('cuts a session longer than the budget (a day-long party) to its latest plays', () => {
    const cut = budgetTraining(sessionsOf([5, 500]), 10, 1, { playPasses: 100, minEpochs: 2 });
    expect(cut).toEqual({ from: 1, skip: 450, epochs: 2, plays: 50, leftOut: 455 });
  });

  it('leaves out whole a remainder of one play, which teaches nothing', () => {
    // 21 plays fit: the last session (20) and one play of the one before: not kept.
    const cut = budgetTraining(sessionsOf([10, 20]), 1, 1, { playPasses: 21, minEpochs: 1 });
    expect(cut).toEqual({ from: 1, skip: 0, epochs: 1, plays: 20, leftOut: 10 });
  });

  it('keeps epochs asked for below the floor, and zero epochs keep everything', () => {
    expect(budgetTraining(sessionsOf([50, 50]), 1, 1, { playPasses: 60, minEpochs: 3 })).toEqual({
      from: 0,
      skip: 40,
      epochs: 1,
      plays: 60,
      leftOut: 40,
    });
    expect(budgetTraining(sessionsOf([50, 50]), 0, 1, { playPasses: 1, minEpochs: 3 }).from).toBe(
      0,
    );
  });

  it('rejects epochs and passes that make no sense', () => {
    expect(() => budgetTraining([], 2.5, 1)).toThrow(/epochs/);
    expect(() => budgetTraining([], 2, 0)).toThrow(/passesPerEpoch/);
  });

  it('keeps the latest plays that fit and no more, in whole epochs as asked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 50 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(1, 1.8),
        fc.integer({ min: 10, max: 5000 }),
        fc.integer({ min: 1, max: 5 }),
        (sizes, epochs, passes, playPasses, minEpochs) => {
          const sessions = sessionsOf(sizes);
          const cut = budgetTraining(sessions, epochs, passes, { playPasses, minEpochs });
          const kept = keptSessions(sessions, cut);
          const total = sizes.reduce((a, b) => a + b, 0);
          expect(kept.reduce((n, s) => n + s.items.length, 0)).toBe(cut.plays);
          expect(
            kept.every((s) => s.items.length >= 2 && s.skipped.length === s.items.length),
          ).toBe(true);
          expect(cut.plays + cut.leftOut).toBe(total);
          expect(cut.epochs).toBeLessThanOrEqual(epochs);
          expect(cut.epochs).toBeGreaterThanOrEqual(Math.min(epochs, minEpochs));
          if (cut.leftOut === 0) {
            expect(cut.plays * passes * cut.epochs <= playPasses || cut.plays <= 2).toBe(true);
            if (cut.epochs < epochs)
              expect(total * passes * (cut.epochs + 1)).toBeGreaterThan(playPasses);
          } else {
            // At the fewest epochs, as many of the latest plays as fit (a lone play is not kept).
            expect(cut.epochs).toBe(Math.min(epochs, minEpochs));
            const cap = Math.max(2, Math.floor(playPasses / (passes * cut.epochs)));
            expect(cut.plays).toBeLessThanOrEqual(cap);
            expect(cap - cut.plays).toBeLessThan(2);
          }
        },
      ),
    );
  });
});
