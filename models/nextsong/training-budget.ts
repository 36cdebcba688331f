/**
 * How much of a long history the radio's GRU trains on, and for how many epochs (issue 7, scale).
 *
 * The CPU trainer runs at 8,000 to 13,000 plays a second on two cores (measured at 200,000 tracks);
 * the app's full training passes over the older 80 % of the sessions once per epoch (choosing the
 * blend weights) and over all of them once more (the refit): 1.8 passes per play per epoch. At
 * 3,000,000 plays and 10 epochs that is one and a half hours. A budget of play-passes keeps it to minutes: first fewer epochs
 * (the blend is within 0.01 HR@20 of its final figure after one epoch, and the GRU alone is flat
 * from epoch 5: docs/nextsong.md), then, at the fewest epochs, only the latest sessions (what
 * comes next in a listening session is learnt from how the listener plays now, not twenty years
 * ago). A history up to about 110,000 plays keeps the full 10 epochs over every session.
 */
import type { Session } from './sessions';

export interface TrainingBudget {
  /** Plays × passes the training may make in all (the base fit, the refit, or a fine-tune). */
  playPasses: number;
  /** Epochs are cut down to this before any session is left out. */
  minEpochs: number;
}

/** `radio.train` took 370 s with it at 3,000,000 plays on two cores (bench/scale.ts, radio phase). */
export const DEFAULT_TRAINING_BUDGET: TrainingBudget = { playPasses: 2_000_000, minEpochs: 3 };

export interface BudgetedTraining {
  /** Sessions [from, …) are trained on; the ones before are left out. */
  from: number;
  /** Plays left out at the start of session `from` (a session longer than what is left to keep). */
  skip: number;
  epochs: number;
  /** Plays in the sessions kept. */
  plays: number;
  /** Plays in the sessions left out. */
  leftOut: number;
}

/**
 * The latest plays and the epochs that fit `budget`, for `sessions` in time order trained
 * `epochs` times at `passesPerEpoch` passes over each play (1.8 for the app's choose-then-refit,
 * 1 for a plain fit or a fine-tune). Epochs asked for below `minEpochs` are kept as asked. The
 * oldest session kept may lose its start (a day-long party playlist still fits); a remainder of
 * fewer than two plays, which teaches nothing, is left out whole.
 */
export function budgetTraining(
  sessions: readonly Session[],
  epochs: number,
  passesPerEpoch: number,
  budget: TrainingBudget = DEFAULT_TRAINING_BUDGET,
): BudgetedTraining {
  if (!(passesPerEpoch > 0))
    throw new Error(`passesPerEpoch must be positive, not ${passesPerEpoch}`);
  if (!Number.isInteger(epochs) || epochs < 0)
    throw new Error(`epochs must be a whole number ≥ 0, not ${epochs}`);
  let total = 0;
  for (const s of sessions) total += s.items.length;
  const floor = Math.min(epochs, budget.minEpochs);
  const affordable = Math.floor(budget.playPasses / Math.max(1, total * passesPerEpoch));
  const chosen = Math.max(floor, Math.min(epochs, affordable));
  if (chosen === 0 || total * passesPerEpoch * chosen <= budget.playPasses)
    return { from: 0, skip: 0, epochs: chosen, plays: total, leftOut: 0 };
  const cap = Math.max(2, Math.floor(budget.playPasses / (passesPerEpoch * chosen)));
  let from = sessions.length;
  let plays = 0;
  let skip = 0;
  while (from > 0 && plays < cap) {
    const n = sessions[from - 1]!.items.length;
    const room = cap - plays;
    if (n <= room) {
      plays += n;
      from--;
    } else {
      if (room >= 2) {
        from--;
        skip = n - room;
        plays += room;
      }
      break;
    }
  }
  return { from, skip, epochs: chosen, plays, leftOut: total - plays };
}

/** The sessions a cut keeps: [from, …), the first without its `skip` oldest plays. */
export function keptSessions(sessions: readonly Session[], cut: BudgetedTraining): Session[] {
  const kept = sessions.slice(cut.from);
  if (cut.skip > 0 && kept.length > 0) {
    const [first] = kept;
    kept[0] = {
      start: first!.start,
      items: first!.items.subarray(cut.skip),
      skipped: first!.skipped.subarray(cut.skip),
    };
  }
  return kept;
}
