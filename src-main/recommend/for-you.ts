import type { Db } from '../db/connection';
import { trackById, type TrackRow } from '../db/tracks';
import { candidateTracks } from '../db/training-data';
import { memoOnData } from '../db/data-memo';
import { normalizeArtist } from '../history/normalize';
import { topK } from '../../models/topk';
import type { LoadedBudget } from './active-budget';
import type { LoadedModel } from './active-model';
import { countBreadth } from './artist-breadth';
import { breadthLine } from './budget-lines';
import { listenerState, type ListenerState } from './for-you-state';
import { personaOwners } from './for-you-personas';
import { pickReasons } from './rules';

/** A past play that drives a recommendation, with its share of the score (Hu et al. §5). */
export interface Because {
  trackId: number;
  title: string;
  artist: string;
  plays: number;
  share: number;
}

export interface RecommendedTrack {
  /** The library row, as the player and track lists take it. */
  track: TrackRow;
  score: number;
  because: Because[];
  /** "Evenings · indie rock": the persona owning the track, when the history folds into several. */
  persona: string | null;
  /** "You spread 120 plays over 14 of X's tracks", once the artist-budget model is trained. */
  breadth: string | null;
}

export interface RecommendedArtist {
  name: string;
  score: number;
  plays: number;
  because: { name: string; plays: number; share: number }[];
}

export interface ForYou {
  modelId: number;
  trainedAt: number;
  tracks: RecommendedTrack[];
  /** Artists from the listening history with no track in the library. */
  outsideLibrary: RecommendedArtist[];
}

/** The most contributions an explanation lists ("Why?"): a long history has 100,000 or more. */
export const MAX_BECAUSE = 50;

/** Contributions of the listener's plays to one track's score, as tracks with names. */
function explainTrack(
  db: Db,
  loaded: LoadedModel,
  state: ListenerState,
  trackId: number,
  top: number,
): { score: number; because: Because[] } {
  const col = loaded.trackCol.get(trackId);
  if (col === undefined) return { score: 0, because: [] };
  const explanation = state.tracks.explain(col, top);
  const reasons = explanation.contributions.filter((c) => c.share !== 0).slice(0, top);
  return { score: explanation.score, because: becauseOf(db, loaded, state, reasons) };
}

/** Past plays (model columns with their share) as tracks with names. */
function becauseOf(
  db: Db,
  loaded: LoadedModel,
  state: ListenerState,
  reasons: readonly { item: number; share: number }[],
): Because[] {
  const ids = reasons.map((r) => loaded.model.trackIds[r.item]!);
  const info = candidateTracks(db, ids);
  return reasons.flatMap((r, q) => {
    const t = info.get(ids[q]!);
    return t
      ? [
          {
            trackId: t.id,
            title: t.title,
            artist: t.artist,
            plays: state.counts.get(t.id) ?? 0,
            share: r.share,
          },
        ]
      : [];
  });
}

export interface ForYouExtras {
  /** The active artist-budget model, if one is trained: adds the breadth lines. */
  budget?: LoadedBudget | null;
  /** The listener's UTC offset, for persona labels such as "Evenings". */
  tzOffsetS?: number;
}

/** Per loaded budget model: the artists its profile row played (a retrain loads a new object). */
const budgetArtists = new WeakMap<LoadedBudget, Set<string>>();

/** The breadth line of an artist the budget model saw the listener play (plays-table numbers). */
function breadthLines(db: Db, profileId: number, budget: LoadedBudget | null | undefined) {
  if (!budget) return () => null;
  let known = budgetArtists.get(budget);
  if (!known) {
    const { model, artistNames, profileRow } = budget.budget;
    known = new Set(model.spread(profileRow).map((s) => normalizeArtist(artistNames[s.artist]!)));
    budgetArtists.set(budget, known);
  }
  const { byArtist } = countBreadth(db, profileId);
  return (artist: string): string | null => {
    const key = normalizeArtist(artist);
    const b = byArtist.get(key);
    return b && b.plays > 0 && known.has(key) ? breadthLine(b) : null;
  };
}

/**
 * For You: the listener's recommended tracks with their reasons, persona and breadth lines, and
 * artists outside the library. Kept until the database changes (memoOnData) or another model is
 * loaded: at a 20-year history the fold-in and the explanations take seconds, and nothing about
 * them changes between two visits without a play, scan or import in between.
 */
export function forYou(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  limit: number,
  extras: ForYouExtras = {},
): ForYou {
  const key = [profileId, loaded.row.id, extras.budget?.row.id ?? 0, limit, extras.tzOffsetS ?? 0];
  return memoOnData(db, `forYou:${key.join(':')}`, () =>
    computeForYou(db, profileId, loaded, limit, extras),
  );
}

function computeForYou(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  limit: number,
  extras: ForYouExtras,
): ForYou {
  const { tracks: model, trackIds } = loaded.model;
  const state = listenerState(db, profileId, loaded);
  const scores = new Float32Array(model.items);
  model.scoreVector(state.tracks.vector, scores);
  for (let c = 0; c < scores.length; c++) if (state.excluded[c] === 1) scores[c] = -Infinity;
  const ranked = topK(scores, limit);
  const owners = personaOwners(db, profileId, loaded, extras.tzOffsetS ?? 0);
  const breadthOf = breadthLines(db, profileId, extras.budget);
  const cols = Array.from(ranked.items);
  // One pass over the history explains every recommendation; one more contribution than shown,
  // as the track itself may be among its own reasons (pickReasons leaves it out).
  const explained = state.tracks.explainAll(cols, REASONS + 1);
  const tracks = cols.map((c, q): RecommendedTrack | null => {
    const track = trackById(db, trackIds[c]!);
    if (!track) return null;
    return {
      track,
      score: ranked.scores[q]!,
      because: becauseOf(db, loaded, state, pickReasons(explained[q]!.contributions, c, REASONS)),
      persona: owners.labelOf(c),
      breadth: breadthOf(track.artist),
    };
  });
  return {
    modelId: loaded.row.id,
    trainedAt: loaded.row.trainedAt,
    tracks: tracks.filter((t) => t !== null),
    outsideLibrary: outsideLibrary(state, limit),
  };
}

/** Reasons shown per recommended track ("because you played A, B and C"). */
const REASONS = 3;

/**
 * Artists the listener plays (imported history included) who have no track in the library,
 * ranked by the artist model for the folded-in listener: the ones most in line with their taste
 * first, each explained by the other artists that drive it.
 */
function outsideLibrary(state: ListenerState, limit: number): RecommendedArtist[] {
  const { artists, artistColumns } = state.loaded.model;
  if (state.outside.length === 0) return [];
  const ranked = artists.recommendFor(state.artists.vector, undefined, {
    n: limit,
    allow: state.outside,
    includeSeen: true,
  });
  const why = state.artists.explainAll(Array.from(ranked.items), 4);
  const counts = state.artistCounts;
  return Array.from(ranked.items, (c, q) => {
    const column = artistColumns[c]!;
    return {
      name: column.name,
      score: ranked.scores[q]!,
      plays: counts.get(column.key) ?? 0,
      because: pickReasons(why[q]!.contributions, c).map((r) => ({
        name: artistColumns[r.item]!.name,
        plays: counts.get(artistColumns[r.item]!.key) ?? 0,
        share: r.share,
      })),
    };
  });
}

export interface Explained {
  trackId: number;
  score: number;
  /** The plays that contribute most (MAX_BECAUSE at most), largest share first. */
  because: Because[];
}

export function explainForListener(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  trackId: number,
): Explained {
  const state = listenerState(db, profileId, loaded);
  const { score, because } = explainTrack(db, loaded, state, trackId, MAX_BECAUSE);
  return { trackId, score, because };
}

export interface SimilarTrack {
  trackId: number;
  title: string;
  artist: string;
  album: string | null;
  similarity: number;
}

/** Tracks nearest to one by the cosine of their factors, missing files left out. */
export function similarTracks(
  db: Db,
  loaded: LoadedModel,
  trackId: number,
  limit: number,
): SimilarTrack[] {
  const col = loaded.trackCol.get(trackId);
  if (col === undefined) return [];
  const { tracks: model, trackIds } = loaded.model;
  const ranked = model.similarItems(col, Math.min(model.items, limit * 2 + 10));
  const ids = Array.from(ranked.items, (c) => trackIds[c]!);
  const info = candidateTracks(db, ids);
  const out: SimilarTrack[] = [];
  ids.forEach((id, q) => {
    const t = info.get(id);
    if (t && !t.missing && out.length < limit)
      out.push({
        trackId: id,
        title: t.title,
        artist: t.artist,
        album: t.album,
        similarity: ranked.scores[q]!,
      });
  });
  return out;
}
