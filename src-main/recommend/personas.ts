import type { Db } from '../db/connection';
import { memoFollowingPlays, type PlayChange } from '../db/data-memo';
import { LayeredMap } from '../db/layered-map';
import { trackTastes } from '../db/persona-data';
import { trackById, type TrackRow } from '../db/tracks';
import { profileTrackCounts } from '../db/training-data';
import { confidenceWeight } from '../../models/als-fit';
import { FollowingPersonas } from '../../models/persona/following';
import { pca } from '../../models/pca';
import { historyColumns, type LoadedModel } from './active-model';
import { foldSystems, type FoldInput, type FoldSystems } from './persona-fold';
import { personaLabel, topNames, typicalTime } from './personas-label';
import { personaTimes, type PersonaTimes } from './persona-times';

export interface PersonaTrack {
  trackId: number;
  title: string;
  artist: string;
  plays: number;
}

export interface Persona {
  /** 0 = the persona with the most plays; what `personas.play` takes. */
  persona: number;
  label: string;
  /** "Weekday mornings" alone, and the top genres alone, for the card's parts. */
  time: string;
  genres: string[];
  plays: number;
  /** Share of the listener's plays of library tracks. */
  share: number;
  topArtists: { name: string; plays: number }[];
  /** Its most played tracks. */
  tracks: PersonaTrack[];
}

export interface PersonaMonth {
  /** UTC epoch seconds of the first day of the month. */
  monthStart: number;
  /** Share of that month's plays per persona (in `persona` order; sums to 1). */
  shares: number[];
}

export interface Personas {
  modelId: number;
  personas: Persona[];
  months: PersonaMonth[];
}

export interface PersonaMapPoint {
  artist: string;
  x: number;
  y: number;
  persona: number;
  plays: number;
}

/** Everything a fold-in gives: each persona's vector and the played tracks it owns. */
interface Folded {
  vectors: readonly Float32Array[];
  /** Library track id → owning persona (in `vectors` order). */
  owner: ReadonlyMap<number, number>;
  counts: ReadonlyMap<number, number>;
  /** The personas' systems, which the next recorded plays update (following.ts). */
  following: FollowingPersonas | null;
}

/**
 * The listener's whole history folded into P personas against the active ALS model's track
 * factors: the persona model's own fold-in (models/persona/model.ts — cluster the played items in
 * factor space, then alternate assignment and per-persona least squares) run on a shell whose item
 * factors are ALS's, so no persona model has to be trained. Personas that own nothing (the
 * clustering merges alike tastes) are dropped; the rest are numbered by plays, largest first.
 * Plays recorded in the app then update the personas' systems (FollowingPersonas) instead of
 * folding again: the new track goes to the persona scoring it highest, the others keep their
 * owners and the numbering until something else changes the database.
 */
export function foldPersonas(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  P: number,
  /** The fold's systems, computed elsewhere (a worker) from `foldInputOf` at this data version. */
  systems?: FoldSystems,
): Folded {
  // Kept until the database changes: the Personas screen's list, map and play, For You's persona
  // lines and the radio's lock all fold the same history (seconds at a 20-year history).
  return memoFollowingPlays(
    db,
    `foldPersonas:${profileId}:${loaded.row.id}:${P}`,
    () => fold(db, profileId, loaded, P, systems),
    (folded, changes) => followPlays(db, profileId, loaded, P, folded, changes),
  );
}

/** What `foldSystems` takes for this history and model: for a worker to fold it. */
export function foldInputOf(db: Db, profileId: number, loaded: LoadedModel, P: number): FoldInput {
  const { items, values } = historyColumns(profileTrackCounts(db, profileId), loaded.trackCol);
  return foldInput(loaded, P, items, values);
}

function foldInput(loaded: LoadedModel, P: number, items: number[], values: number[]): FoldInput {
  const als = loaded.model.tracks;
  return {
    Y: als.colFactors as Float32Array,
    // ALS's own YᵀY + λI: the shell has ALS's factors and lambda.
    gram: als.gram(),
    k: als.params.factors,
    P,
    als: als.params,
    items: Int32Array.from(items),
    values: Float64Array.from(values),
  };
}

function fold(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  P: number,
  systems?: FoldSystems,
): Folded {
  const als = loaded.model.tracks;
  const { factors: k } = als.params;
  const Y = als.colFactors as Float32Array;
  const counts = profileTrackCounts(db, profileId);
  const { keys: ids, items, values } = historyColumns(counts, loaded.trackCol);
  if (items.length === 0) return { vectors: [], owner: new Map(), counts, following: null };
  const { X, last } = systems ?? foldSystems(foldInput(loaded, P, items, values));
  const score = (p: number, c: number) => {
    let s = 0;
    for (let f = 0; f < k; f++) s += X[p * k + f]! * Y[c * k + f]!;
    return s;
  };
  // Each played track belongs to the persona that scores it highest (the model's max rule).
  const raw = items.map((c) => {
    let best = 0;
    for (let p = 1; p < P; p++) if (score(p, c) > score(best, c)) best = p;
    return best;
  });
  const plays = new Array<number>(P).fill(0);
  raw.forEach((p, q) => (plays[p]! += values[q]!));
  const order = plays.flatMap((n, p) => (n > 0 ? [p] : [])).sort((a, b) => plays[b]! - plays[a]!);
  const rank = new Map(order.map((p, r) => [p, r]));
  const owners = Int32Array.from(raw, (p) => rank.get(p)!);
  // The kept personas' systems for these owners: their vectors, and what plays update. Those of
  // the fold's last solve when its owners are these (it stopped because no owner changed).
  const same = last !== null && raw.every((p, q) => p === last.owner[q]);
  const confidenceParams = {
    alpha: als.params.alpha,
    eps: als.params.eps,
    confidence: 'log' as const,
  };
  const following = new FollowingPersonas(
    {
      Y,
      k,
      gram: als.gram(),
      confidence: (n) => 1 + confidenceWeight(n, confidenceParams),
    },
    items,
    values,
    owners,
    order.length,
    same ? { A: order.map((p) => last.A[p]!), b: order.map((p) => last.b[p]!) } : undefined,
  );
  return {
    vectors: vectorsOf(following, k),
    owner: new Map(ids.map((id, q) => [id, owners[q]!])),
    counts,
    following,
  };
}

function vectorsOf(following: FollowingPersonas, k: number): Float32Array[] {
  return Array.from({ length: following.P }, (_, p) => following.X.slice(p * k, p * k + k));
}

/** The fold after plays recorded in the app: each played track's count updates its persona. */
function followPlays(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  P: number,
  folded: Folded,
  changes: readonly PlayChange[],
): Folded {
  const counts = profileTrackCounts(db, profileId);
  const played = new Set(
    changes.flatMap((c) =>
      c.profileId === profileId && c.listened !== 0 && c.trackId !== null ? [c.trackId] : [],
    ),
  );
  const { following } = folded;
  if (played.size === 0) return folded;
  if (!following) return fold(db, profileId, loaded, P);
  const owners: [number, number | undefined][] = [];
  for (const id of played) {
    const c = loaded.trackCol.get(id);
    if (c !== undefined) owners.push([id, following.setCount(c, counts.get(id) ?? 0)]);
  }
  return {
    vectors: vectorsOf(following, loaded.model.tracks.params.factors),
    owner: LayeredMap.over(folded.owner).with(owners),
    counts,
    following,
  };
}

function bump<K>(m: Map<K, number>, key: K, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

export function listPersonas(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  P: number,
  tzOffsetS = 0,
  /** The personas' times, scanned elsewhere (a worker) for this fold at this data version. */
  times?: PersonaTimes,
): Personas {
  const { vectors, owner, counts } = foldPersonas(db, profileId, loaded, P);
  const tastes = trackTastes(db);
  const { when, months } =
    times ?? personaTimes(db, profileId, tzOffsetS, (id) => owner.get(id), vectors.length);
  const total = [...owner.keys()].reduce((s, id) => s + (counts.get(id) ?? 0), 0);
  const personas = vectors.map((_, p): Persona => {
    const artists = new Map<string, number>();
    const genres = new Map<string, number>();
    const tracks: PersonaTrack[] = [];
    for (const [id, q] of owner) {
      if (q !== p) continue;
      const n = counts.get(id) ?? 0;
      const t = tastes.get(id);
      if (!t) continue;
      bump(artists, t.artist, n);
      if (t.genre) bump(genres, t.genre, n);
      tracks.push({ trackId: id, title: t.title, artist: t.artist, plays: n });
    }
    tracks.sort((a, b) => b.plays - a.plays || a.title.localeCompare(b.title));
    const time = typicalTime(when[p]!);
    const plays = tracks.reduce((s, t) => s + t.plays, 0);
    return {
      persona: p,
      label: personaLabel(time, genres, artists),
      time,
      genres: topNames(genres, 3),
      plays,
      share: total > 0 ? plays / total : 0,
      topArtists: topNames(artists, 5).map((name) => ({ name, plays: artists.get(name)! })),
      tracks: tracks.slice(0, 20),
    };
  });
  return {
    modelId: loaded.row.id,
    personas,
    months: [...months]
      .sort((a, b) => a[0] - b[0])
      .map(([monthStart, row]) => {
        const sum = row.reduce((s, n) => s + n, 0);
        return { monthStart, shares: row.map((n) => n / sum) };
      }),
  };
}

/**
 * The listener's artists on a plane: each artist is the mean of its tracks' factors, projected on
 * the two principal components of those means, coloured by the persona owning most of its plays.
 */
export function personaMap(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  P: number,
): PersonaMapPoint[] {
  const { owner, counts } = foldPersonas(db, profileId, loaded, P);
  const tastes = trackTastes(db);
  const { colFactors: Y, params } = loaded.model.tracks;
  const k = params.factors;
  const artists = new Map<string, { sum: Float64Array; tracks: number; byPersona: number[] }>();
  for (const [id, c] of loaded.trackCol) {
    const name = tastes.get(id)?.artist;
    if (name === undefined) continue;
    let a = artists.get(name);
    if (!a) artists.set(name, (a = { sum: new Float64Array(k), tracks: 0, byPersona: [] }));
    for (let f = 0; f < k; f++) a.sum[f]! += Y[c * k + f]!;
    a.tracks++;
    const p = owner.get(id);
    if (p !== undefined) a.byPersona[p] = (a.byPersona[p] ?? 0) + (counts.get(id) ?? 0);
  }
  const played = [...artists].filter(([, a]) => a.byPersona.some((n) => n > 0));
  const means = new Float64Array(played.length * k);
  played.forEach(([, a], i) => {
    for (let f = 0; f < k; f++) means[i * k + f] = a.sum[f]! / a.tracks;
  });
  const { coords } = pca(means, played.length, k, 2);
  return played.map(([artist, a], i) => {
    let persona = 0;
    a.byPersona.forEach((n, p) => {
      if (n > (a.byPersona[persona] ?? 0)) persona = p;
    });
    return {
      artist,
      x: coords[i * 2]!,
      y: coords[i * 2 + 1] ?? 0,
      persona,
      plays: a.byPersona.reduce((s, n) => s + (n ?? 0), 0),
    };
  });
}

/**
 * Tracks for one persona, by its vector · item factors: present library files only, played and
 * unplayed mixed (a persona's favourites are what it is about, so they are not left out).
 */
export function personaTracks(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  P: number,
  persona: number,
  n: number,
): TrackRow[] {
  const { vectors } = foldPersonas(db, profileId, loaded, P);
  const vector = vectors[persona];
  if (!vector)
    throw new RangeError(
      `There is no persona ${persona}: this history folds into ${vectors.length} (0 to ${vectors.length - 1}).`,
    );
  const tastes = trackTastes(db);
  const { tracks: model, trackIds } = loaded.model;
  const exclude: number[] = [];
  trackIds.forEach((id, c) => {
    if (tastes.get(id)?.missing !== false) exclude.push(c);
  });
  const ranked = model.recommendFor(vector, undefined, { n, exclude, includeSeen: true });
  return Array.from(ranked.items, (c) => trackById(db, trackIds[c]!)).filter(
    (t): t is NonNullable<typeof t> => t !== undefined,
  );
}
