/**
 * Plays → listening sessions → training windows, and the temporal split used by every
 * session-based recommender paper since GRU4Rec (Hidasi et al., ICLR 2016, §4.1): sessions by
 * time, the latest share as test, test items restricted to items seen in training.
 */

/** One play, already mapped to a dense item index. Time is in seconds. */
export interface Play {
  time: number;
  item: number;
  /** A skip stays in the session as context but is never a target (issue 6). */
  skipped: boolean;
}

export interface Session {
  /** Start time in seconds (the first play). */
  start: number;
  items: Int32Array;
  /** 1 where the play was skipped. */
  skipped: Uint8Array;
}

/** 30 minutes of silence start a new session (DESIGN.md, "Who the users are"). */
export const SESSION_GAP_SECONDS = 30 * 60;

/** Splits time-sorted plays at gaps longer than `gapSeconds`. */
export function splitSessions(plays: readonly Play[], gapSeconds = SESSION_GAP_SECONDS): Session[] {
  const sessions: Session[] = [];
  let from = 0;
  for (let i = 1; i <= plays.length; i++) {
    const prev = plays[i - 1]!;
    const next = plays[i];
    if (next && next.time < prev.time) {
      throw new Error(`plays must be sorted by time: play ${i} is earlier than play ${i - 1}`);
    }
    if (next && next.time - prev.time <= gapSeconds) continue;
    sessions.push(toSession(plays.slice(from, i)));
    from = i;
  }
  return sessions;
}

function toSession(plays: readonly Play[]): Session {
  return {
    start: plays[0]!.time,
    items: Int32Array.from(plays, (p) => p.item),
    skipped: Uint8Array.from(plays, (p) => (p.skipped ? 1 : 0)),
  };
}

/**
 * Cuts a session into consecutive windows of at most `size` tracks that overlap by one track, so
 * every transition (a → b) of the session appears in exactly one window.
 */
export function windows(session: Session, size = 20): Session[] {
  if (size < 2) throw new Error(`window size must be at least 2, got ${size}`);
  const out: Session[] = [];
  const n = session.items.length;
  for (let from = 0; from < n - 1; from += size - 1) {
    const to = Math.min(n, from + size);
    out.push({
      start: session.start,
      items: session.items.slice(from, to),
      skipped: session.skipped.slice(from, to),
    });
  }
  return out;
}

export interface SessionSplit {
  train: Session[];
  test: Session[];
  /** Number of items: item indices are 0 … itemCount − 1. */
  itemCount: number;
}

/**
 * Temporal split: sessions of length 1 are dropped, the last `testShare` of sessions by start time
 * become test, test plays of items never seen in training are removed, and test sessions left with
 * fewer than two plays are dropped (GRU4Rec's preprocessing).
 */
export function temporalSplit(
  sessions: readonly Session[],
  itemCount: number,
  testShare = 0.2,
): SessionSplit {
  const kept = sessions.filter((s) => s.items.length > 1).sort((a, b) => a.start - b.start);
  const cut = kept.length - Math.round(kept.length * testShare);
  const train = kept.slice(0, cut);
  return { train, test: restrictToKnownItems(kept.slice(cut), train, itemCount), itemCount };
}

/**
 * Removes test plays of items no training session holds (no model can predict them) and drops
 * test sessions left with fewer than two plays.
 */
export function restrictToKnownItems(
  test: readonly Session[],
  train: readonly Session[],
  itemCount: number,
): Session[] {
  const seen = new Uint8Array(itemCount);
  for (const s of train) for (const item of s.items) seen[item] = 1;
  const kept: Session[] = [];
  for (const s of test) {
    const keep: number[] = [];
    for (let i = 0; i < s.items.length; i++) if (seen[s.items[i]!]) keep.push(i);
    if (keep.length < 2) continue;
    kept.push({
      start: s.start,
      items: Int32Array.from(keep, (i) => s.items[i]!),
      skipped: Uint8Array.from(keep, (i) => s.skipped[i]!),
    });
  }
  return kept;
}

export { ItemIndex } from '../item-index';
