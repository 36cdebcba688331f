/**
 * Track-level evaluation on one listener's export (issue 5, "Honest evaluation"): rows are
 * listening sessions, columns are tracks (normalised artist + title), and the split is temporal.
 *
 * Protocol, in full:
 * 1. Plays marked skipped (Spotify: under 30 s) are left out; the rest are cut into sessions at
 *    gaps of more than 30 minutes.
 * 2. Sessions starting before the 80th percentile of session start times are training rows, whole.
 * 3. Every later session with at least two distinct tracks is a test row: its distinct tracks in
 *    order of first play are halved; the first ⌊n/2⌋ go into the training matrix as the row's
 *    history (the standard way to score matrix models on new rows without fold-in), the rest are
 *    held out with their play counts. Later sessions with one distinct track are dropped.
 * 4. Columns are the tracks the training matrix holds; held-out tracks outside it (no model can
 *    score them) are dropped, and so are test rows left with nothing held out.
 */
import { evaluate, type Evaluation, type EvaluateOptions } from '../../models/eval/evaluate';
import { distinctArtistsAtK } from '../../models/eval/diversity';
import { groupByArtist, withinArtistRow } from '../../models/eval/within-artist';
import { ratioWithInterval } from '../../models/eval/bootstrap';
import { ItemIndex, splitSessions, type Session } from '../../models/nextsong/sessions';
import { csrFromTriplets, rowItems, type Csr } from '../../models/sparse';
import type { Recommender } from '../../models/recommender';
import { defaultAlsParams, type AlsParams } from '../../models/als';
import { itemKey, type RawPlay } from './nextsong-data';

/**
 * ALS defaults for track-level session rows (the app's track model, `encore eval --history/--db`),
 * chosen on validation splits carved from the training sessions of the Last.fm export, the Spotify
 * basic export and the demo history (docs/models.md, "Tuning for session rows"): the point with the
 * best mean of validation nDCG@10 relative to each data set's best (96 %, 97 % and 88 % of it).
 * The HetRec defaults (alpha 1, lambda 30) give test nDCG@10 0.044 and 0.012 on the two exports,
 * these 0.340 and 0.288; on the synthetic demo history they are a little worse (0.613 vs 0.644).
 */
export const trackAlsParams: AlsParams = {
  ...defaultAlsParams,
  factors: 64,
  alpha: 16,
  lambda: 10,
  eps: 0.1,
  confidence: 'log',
};

export interface TrackSplitOptions {
  /** Share of sessions (by start time) that train whole. */
  trainShare: number;
  /** Share of a test session's distinct tracks given to the model as its history. */
  historyShare: number;
}

export interface TrackProtocol {
  plays: number;
  skippedPlays: number;
  sessions: number;
  trainSessions: number;
  /** Later sessions with at least two distinct tracks (rows with a history half). */
  testSessions: number;
  /** Test sessions with at least one held-out track the training matrix knows. */
  evaluatedSessions: number;
  tracks: number;
  artists: number;
  trainPlays: number;
  heldPlays: number;
  /** Held-out plays of tracks the training matrix never holds, dropped. */
  unknownHeldPlays: number;
}

export interface TrackData {
  train: Csr;
  test: Csr;
  /** Artist index of every column. */
  artistOf: Int32Array;
  artists: number;
  /** Column keys (normalised artist NUL title). */
  trackKeys: string[];
  protocol: TrackProtocol;
}

export function trackSplit(
  plays: readonly RawPlay[],
  options: Partial<TrackSplitOptions> = {},
): TrackData {
  const index = new ItemIndex();
  const kept = plays.filter((p) => !p.skipped);
  const sessions = splitSessions(
    kept.map((p) => ({
      time: p.time,
      item: index.indexOf(itemKey(p.artist, p.title)),
      skipped: false,
    })),
  );
  return splitTrackSessions(sessions, index.keys, options, {
    plays: plays.length,
    skippedPlays: plays.length - kept.length,
  });
}

/**
 * Steps 2–4 of the protocol on sessions already cut (in time order; `start` need only order
 * them). `keys[item]` is the column key of an item: its artist, a NUL, then anything that names the
 * track (a title, or a library track id).
 */
export function splitTrackSessions(
  sessions: readonly Pick<Session, 'start' | 'items'>[],
  keys: readonly string[],
  options: Partial<TrackSplitOptions>,
  counts: Pick<TrackProtocol, 'plays' | 'skippedPlays'>,
): TrackData {
  const { trainShare = 0.8, historyShare = 0.5 } = options;
  const starts = sessions.map((s) => s.start).sort((a, b) => a - b);
  const cutoff = starts[Math.min(starts.length - 1, Math.floor(trainShare * starts.length))] ?? 0;

  // Triplets over the raw item index first; columns are re-indexed to the known tracks after.
  const train: number[][] = [[], [], []];
  const held: number[][] = [[], [], []];
  let rows = 0;
  let trainSessions = 0;
  let testSessions = 0;
  for (const session of sessions) {
    const counts = playCounts(session);
    if (session.start < cutoff) {
      for (const [item, count] of counts) push(train, rows, item, count);
      rows++;
      trainSessions++;
      continue;
    }
    if (counts.size < 2) continue;
    const history = Math.max(1, Math.floor(historyShare * counts.size));
    let q = 0;
    for (const [item, count] of counts) push(q++ < history ? train : held, rows, item, count);
    rows++;
    testSessions++;
  }

  const column = new Int32Array(keys.length).fill(-1);
  const trackKeys: string[] = [];
  for (const item of train[1]!) {
    if (column[item]! < 0) {
      column[item] = trackKeys.length;
      trackKeys.push(keys[item]!);
    }
  }
  const artistIndex = new ItemIndex();
  const artistOf = Int32Array.from(trackKeys, (key) =>
    artistIndex.indexOf(key.slice(0, key.indexOf('\u0000'))),
  );
  const cols = trackKeys.length;
  const known: number[][] = [[], [], []];
  let unknownHeldPlays = 0;
  for (let t = 0; t < held[0]!.length; t++) {
    const c = column[held[1]![t]!]!;
    if (c < 0) unknownHeldPlays += held[2]![t]!;
    else push(known, held[0]![t]!, c, held[2]![t]!);
  }
  const trainCsr = csrFromTriplets(
    rows,
    cols,
    train[0]!,
    train[1]!.map((item) => column[item]!),
    train[2]!,
  );
  const testCsr = csrFromTriplets(rows, cols, known[0]!, known[1]!, known[2]!);
  let evaluatedSessions = 0;
  for (let r = 0; r < rows; r++)
    if (testCsr.indptr[r + 1]! > testCsr.indptr[r]!) evaluatedSessions++;
  return {
    train: trainCsr,
    test: testCsr,
    artistOf,
    artists: artistIndex.size,
    trackKeys,
    protocol: {
      ...counts,
      sessions: sessions.length,
      trainSessions,
      testSessions,
      evaluatedSessions,
      tracks: cols,
      artists: artistIndex.size,
      trainPlays: sum(trainCsr.data),
      heldPlays: sum(testCsr.data),
      unknownHeldPlays,
    },
  };
}

/**
 * The plays of the sessions that train whole (steps 1–2 of the protocol): tuning runs the same
 * protocol on these alone, so its validation rows are the latest training sessions and the test
 * sessions are never looked at. Sessions are more than 30 minutes apart, so every play of a
 * session that starts before the cutoff is itself before it.
 */
export function trainingPart(
  plays: readonly RawPlay[],
  options: Partial<TrackSplitOptions> = {},
): RawPlay[] {
  const kept = plays.filter((p) => !p.skipped);
  const sessions = splitSessions(kept.map((p) => ({ time: p.time, item: 0, skipped: false })));
  const starts = sessions.map((s) => s.start).sort((a, b) => a - b);
  const cutoff =
    starts[Math.min(starts.length - 1, Math.floor((options.trainShare ?? 0.8) * starts.length))] ??
    0;
  return kept.filter((p) => p.time < cutoff);
}

/** A session's distinct tracks in order of first play, with their play counts. */
function playCounts(session: Pick<Session, 'items'>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const item of session.items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function push(triplets: number[][], row: number, col: number, value: number): void {
  triplets[0]!.push(row);
  triplets[1]!.push(col);
  triplets[2]!.push(value);
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

/**
 * `evaluate`'s metrics plus `within-artist` (mean percentile of held-out tracks among their
 * known artist's tracks, lower is better, chance 0.5) and `diversity@20` (distinct artists in
 * the top 20), each with a 95 % bootstrap interval over the test rows.
 */
export function evaluateTracks(
  model: Recommender,
  data: Pick<TrackData, 'train' | 'test' | 'artistOf' | 'artists'>,
  options: Partial<EvaluateOptions> = {},
): Evaluation {
  const { resamples = 1000, seed = 7 } = options;
  const base = evaluate(model, data.train, data.test, options);
  const groups = groupByArtist(data.artistOf, data.artists);
  const within = { num: [] as number[], den: [] as number[] };
  const diversity: number[] = [];
  const scores = new Float32Array(data.train.cols);
  for (let row = 0; row < data.test.rows; row++) {
    const held = rowItems(data.test, row);
    if (held.items.length === 0) continue;
    model.scoreRow(row, scores);
    const seen = rowItems(data.train, row).items;
    const w = withinArtistRow(scores, seen, held.items, held.values, data.artistOf, groups);
    within.num.push(w.num);
    within.den.push(w.den);
    for (let q = 0; q < seen.length; q++) scores[seen[q]!] = -Infinity;
    diversity.push(distinctArtistsAtK(scores, data.artistOf, 20));
  }
  const metrics = { ...base.metrics };
  const intervals = { ...base.intervals };
  const add = (name: string, num: number[], den: number[]) => {
    const { mean, low, high } = ratioWithInterval(num, den, resamples, seed);
    metrics[name] = mean;
    intervals[name] = [low, high];
  };
  add('within-artist', within.num, within.den);
  add(
    'diversity@20',
    diversity,
    diversity.map(() => 1),
  );
  return { metrics, intervals, rows: base.rows, eligibleRows: base.eligibleRows };
}
