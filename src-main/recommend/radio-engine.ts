/**
 * `radio.next`: what to queue after the current session. Scores are the next-song model over the
 * session (skips folded out of the prefix) blended with the For You ALS score of the session
 * folded in, when a model is trained (weight `SessionModel.tasteWeight`, chosen by evaluation); the rules of radio-rules.ts then pick the tracks.
 */
import type { Db } from '../db/connection';
import { trackById, type TrackRow } from '../db/tracks';
import { librarySignature, playableTracks, type RadioTrack } from '../db/radio';
import { topK } from '../../models/topk';
import { recentPlays } from '../db/plays';
import { memoOnData } from '../db/data-memo';
import { profileTrackCounts } from '../db/training-data';
import { normalizeArtist } from '../history/normalize';
import type { LoadedModel } from './active-model';
import { NO_REPEAT_PLAYS, pickRadio, scaleToUnit, type RadioCandidate } from './radio-rules';
import { RULE_FLOOR, type SessionModel } from './radio-session-model';
import { lockedScore, type PersonaLock } from './radio-persona';

export interface RadioRequest {
  /** The current session, most recent last (skipped tracks included). */
  history: readonly number[];
  skipped?: readonly number[];
  /** Already queued: never picked again. */
  exclude?: readonly number[];
  n: number;
}

export interface RadioPick {
  track: TrackRow;
  score: number;
  /** Why, in the listener's words: "often follows Blue in Green". */
  reason: string;
}

/** Similarity a skipped track's artist has to it: its other tracks drop to half at once. */
const SAME_ARTIST_SKIP = 0.5;
/** Neighbours considered per skipped track in the ALS model. */
const SKIP_NEIGHBOURS = 50;

interface Scored extends RadioCandidate {
  next: number;
  als: number;
}

/**
 * The playable library as arrays, kept until the library changes: at 50,000 tracks, reading and
 * normalising it on every call would cost more than the scoring itself.
 */
interface Catalogue {
  signature: string;
  tracks: RadioTrack[];
  artistKeys: string[];
  byId: Map<number, number>;
  /** Row → model column, per model (-1 when the model has never seen the track). */
  columns: WeakMap<object, Int32Array>;
  /** When the signature was last found unchanged (performance.now()). */
  checkedAt: number;
}
const catalogues = new WeakMap<Db, Catalogue>();

/**
 * How long a catalogue is trusted before the library's signature is read again: that query scans
 * every track (4.8 ms of CPU at 50,000 tracks, a third of a whole `radio.next`; bench/radio.ts),
 * and a radio refilling its queue asks several times a second at most when the listener skips.
 */
const SIGNATURE_TTL_MS = 1000;

function catalogueOf(db: Db): Catalogue {
  let c = catalogues.get(db);
  const now = performance.now();
  if (c && now - c.checkedAt < SIGNATURE_TTL_MS) return c;
  const signature = librarySignature(db);
  if (c?.signature === signature) c.checkedAt = now;
  else {
    const tracks = playableTracks(db);
    c = {
      signature,
      tracks,
      artistKeys: tracks.map((t) => normalizeArtist(t.artist)),
      byId: new Map(tracks.map((t, row) => [t.id, row])),
      columns: new WeakMap(),
      checkedAt: now,
    };
    catalogues.set(db, c);
  }
  return c;
}

function columnsFor(cat: Catalogue, model: object, colOf: Map<number, number>): Int32Array {
  let cols = cat.columns.get(model);
  if (!cols)
    cat.columns.set(model, (cols = Int32Array.from(cat.tracks, (t) => colOf.get(t.id) ?? -1)));
  return cols;
}

/**
 * Candidates kept for the rules per track asked for: only the best-scored reach the sort, and a
 * skip or an artist run rarely reaches further down than this.
 */
const POOL_PER_PICK = 40;

export function radioNext(
  db: Db,
  profileId: number,
  session: SessionModel,
  als: LoadedModel | null,
  req: RadioRequest,
  /** The persona the listener locked the radio to (radio-persona.ts), if any. */
  lock?: PersonaLock,
): RadioPick[] {
  const skipped = new Set(req.skipped ?? []);
  const heard = req.history.filter((id) => !skipped.has(id));
  const cat = catalogueOf(db);
  const artistOf = (id: number) => {
    const row = cat.byId.get(id);
    return row === undefined ? '' : cat.artistKeys[row]!;
  };

  // Next-song scores over the heard part of the session; skips are context the model never sees.
  const prefix = Int32Array.from(heard.flatMap((id) => session.itemOf.get(id) ?? []));
  const next = scaleToUnit(session.blend.scoreNext(prefix));
  const items = columnsFor(cat, session, session.itemOf);
  const alsScores = als ? alsSessionScores(db, profileId, als, heard) : null;
  const cols = als && alsScores ? columnsFor(cat, als, als.trackCol) : null;

  const exclude = new Set<number>([...req.history, ...skipped, ...(req.exclude ?? [])]);
  for (const p of recentPlays(db, profileId, NO_REPEAT_PLAYS))
    if (p.trackId) exclude.add(p.trackId);

  const blended = new Float32Array(cat.tracks.length);
  cat.tracks.forEach((t, row) => {
    if (exclude.has(t.id)) return void (blended[row] = -Infinity);
    const n = items[row]! < 0 ? 0 : next[items[row]!]!;
    const a = cols && cols[row]! >= 0 ? alsScores![cols[row]!]! : 0;
    // The tiny constant keeps never-played tracks in line behind everything scored.
    blended[row] = lockedScore(lock, t.id, n + session.tasteWeight * a + 1e-6);
  });
  const pool = topK(blended, Math.min(cat.tracks.length, req.n * POOL_PER_PICK + 100));
  const candidates: Scored[] = [];
  pool.items.forEach((row, q) => {
    if (pool.scores[q]! === -Infinity) return;
    const n = items[row]! < 0 ? 0 : next[items[row]!]!;
    const a = cols && cols[row]! >= 0 ? alsScores![cols[row]!]! : 0;
    const t = cat.tracks[row]!;
    candidates.push({
      trackId: t.id,
      artistKey: cat.artistKeys[row]!,
      next: n,
      als: a,
      score: pool.scores[q]!,
    });
  });

  const picked = pickRadio(candidates, {
    exclude,
    recentArtists: req.history.slice(-2).map(artistOf),
    skipSimilarity: skipSimilarity(session, als, [...skipped], artistOf),
    n: req.n,
  });
  const title = (id: number) => {
    const row = cat.byId.get(id);
    return row === undefined ? (trackById(db, id)?.title ?? 'a track') : cat.tracks[row]!.title;
  };
  return picked.flatMap((c) => {
    const track = trackById(db, c.trackId);
    return track
      ? [
          {
            track,
            score: c.score,
            reason: lock?.members.has(c.trackId)
              ? `from your ${lock.label} persona`
              : reasonFor(session, als, heard, c, title),
          },
        ]
      : [];
  });
}

/** ALS scores of every column for the session folded in as a row (DESIGN.md: rows are sessions). */
function alsSessionScores(db: Db, profileId: number, als: LoadedModel, heard: readonly number[]) {
  const { tracks } = als.model;
  const counts = new Map<number, number>();
  for (const id of heard) if (als.trackCol.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  // An empty session (the radio's very first pick) falls back to the listener's whole history,
  // folded in once until the database changes: at a 20-year history that fold-in takes seconds.
  const vector =
    counts.size > 0
      ? foldCounts(als, counts)
      : memoOnData(db, `radio.listener:${profileId}:${als.row.id}`, () =>
          foldCounts(als, profileTrackCounts(db, profileId)),
        );
  if (!vector) return null;
  const out = new Float32Array(tracks.items);
  tracks.scoreVector(vector, out);
  return scaleToUnit(out);
}

/** Library track id → plays, folded into the ALS model; null when it knows none of them. */
function foldCounts(als: LoadedModel, source: ReadonlyMap<number, number>): Float32Array | null {
  const items: number[] = [];
  const values: number[] = [];
  for (const [id, n] of source) {
    const c = als.trackCol.get(id);
    if (c !== undefined) {
      items.push(c);
      values.push(n);
    }
  }
  return items.length === 0 ? null : als.model.tracks.foldIn(items, values);
}

/**
 * How like a skipped track each candidate is: its artist, its ALS neighbours (cosine), and the
 * tracks that usually follow it. The largest of these wins.
 */
function skipSimilarity(
  session: SessionModel,
  als: LoadedModel | null,
  skipped: readonly number[],
  artistOf: (id: number) => string,
): (trackId: number) => number {
  if (skipped.length === 0) return () => 0;
  const sim = new Map<number, number>();
  const raise = (id: number, s: number) => sim.set(id, Math.max(sim.get(id) ?? 0, s));
  const skippedArtists = new Set(skipped.map(artistOf));
  for (const s of skipped) {
    const col = als?.trackCol.get(s);
    if (als && col !== undefined) {
      const near = als.model.tracks.similarItems(col, SKIP_NEIGHBOURS);
      near.items.forEach((c, q) => raise(als.model.trackIds[c]!, Math.max(0, near.scores[q]!)));
    }
    const item = session.itemOf.get(s);
    if (item !== undefined) {
      const follows = session.rules.scoreNext(Int32Array.of(item));
      const top = Math.max(...follows);
      if (top >= RULE_FLOOR)
        follows.forEach(
          (w, it) => w >= RULE_FLOOR && raise(session.trackIds[it]!, (0.8 * w) / top),
        );
    }
  }
  return (id) =>
    Math.max(sim.get(id) ?? 0, skippedArtists.has(artistOf(id)) ? SAME_ARTIST_SKIP : 0);
}

function reasonFor(
  session: SessionModel,
  als: LoadedModel | null,
  heard: readonly number[],
  c: Scored,
  title: (trackId: number) => string,
): string {
  const item = session.itemOf.get(c.trackId);
  // "Often follows": the most recent heard track with a rule to this one.
  if (item !== undefined && c.next >= session.tasteWeight * c.als) {
    for (const id of heard.slice(-3).reverse()) {
      const from = session.itemOf.get(id);
      if (from === undefined) continue;
      if (session.rules.scoreNext(Int32Array.of(from))[item]! >= RULE_FLOOR)
        return `often follows ${title(id)}`;
    }
  }
  const col = als?.trackCol.get(c.trackId);
  if (als && col !== undefined && c.als > 0) {
    const cols = heard.flatMap((id) => als.trackCol.get(id) ?? []);
    const why = als.model.tracks.explainFor(
      cols,
      cols.map(() => 1),
      col,
      3,
    );
    const best = why.contributions.find((w) => w.item !== col && w.share > 0);
    if (best) return `because you played ${title(als.model.trackIds[best.item]!)}`;
  }
  if (item !== undefined && c.next > 0) {
    const plays = session.plays[item]!;
    return plays > 0
      ? `one of your favourites (${plays} plays)`
      : 'played in sessions like this one';
  }
  return 'from your library, not played yet';
}
