import type { Db } from '../db/connection';
import { memoFollowingPlays, type PlayChange } from '../db/data-memo';
import {
  allCandidateTracks,
  libraryArtistNames,
  profileArtistCounts,
  profileTrackCounts,
} from '../db/training-data';
import { normalizeArtist } from '../history/normalize';
import type { FollowingListener } from '../../models/following-listener';
import { historyColumns, type LoadedModel } from './active-model';
import { heavyRotationFromHistogram } from './rules';

/**
 * What For You derives from the listener's whole history: the listener folded into the track and
 * artist models (with the explanations asked for so far), the heavy-rotation threshold and which
 * tracks it leaves out. Computed once per model (seconds at a 20-year history), then brought up to
 * date play by play (FollowingListener: a rank-one change per play), so that a visit right after a
 * play costs milliseconds. Anything but a recorded play (a scan, an import) computes it again.
 */
export interface ListenerState {
  loaded: LoadedModel;
  /** Listened plays per library track id, and per normalised artist, as of this state. */
  counts: ReadonlyMap<number, number>;
  artistCounts: ReadonlyMap<string, number>;
  tracks: FollowingListener;
  artists: FollowingListener;
  /** Play count → tracks played that many times (for the heavy-rotation threshold). */
  histogram: Map<number, number>;
  heavy: number;
  /** Per track column: 1 when the library has no present file for it. */
  absent: Uint8Array;
  /** Per track column: 1 when For You leaves it out (absent, or in heavy rotation). */
  excluded: Uint8Array;
  /** Artist columns with no track in the library ("outside your library"). */
  outside: Int32Array;
  /** Set when following plays failed half-way: the state is computed again. */
  broken: boolean;
}

export function listenerState(db: Db, profileId: number, loaded: LoadedModel): ListenerState {
  // This module alone reads the state between calls: following plays updates it in place.
  return memoFollowingPlays(
    db,
    `forYou.state:${profileId}:${loaded.row.id}`,
    () => computeState(db, profileId, loaded),
    (state, changes) => followPlays(db, profileId, state, changes),
    (state) => state.loaded === loaded && !state.broken,
  );
}

function computeState(db: Db, profileId: number, loaded: LoadedModel): ListenerState {
  const { trackIds, artistColumns } = loaded.model;
  const counts = profileTrackCounts(db, profileId);
  const artistCounts = profileArtistCounts(db, profileId);
  const trackHistory = historyColumns(counts, loaded.trackCol);
  const artistHistory = historyColumns(artistCounts, loaded.artistCol);
  const info = allCandidateTracks(db, trackIds);
  const absent = Uint8Array.from(trackIds, (id) => {
    const t = info.get(id);
    return !t || t.missing ? 1 : 0;
  });
  const histogram = new Map<number, number>();
  for (const n of counts.values()) histogram.set(n, (histogram.get(n) ?? 0) + 1);
  const inLibrary = new Set(libraryArtistNames(db).map(normalizeArtist));
  const state: ListenerState = {
    loaded,
    counts,
    artistCounts,
    tracks: loaded.model.tracks.followingListener(trackHistory.items, trackHistory.values),
    artists: loaded.model.artists.followingListener(artistHistory.items, artistHistory.values),
    histogram,
    heavy: heavyRotationFromHistogram(histogram),
    absent,
    excluded: new Uint8Array(trackIds.length),
    outside: Int32Array.from(artistColumns.flatMap((a, c) => (inLibrary.has(a.key) ? [] : [c]))),
    broken: false,
  };
  excludeAll(state);
  return state;
}

/** `excluded` for every track column, from `absent`, the counts and the threshold. */
function excludeAll(state: ListenerState): void {
  const { trackIds } = state.loaded.model;
  for (let c = 0; c < trackIds.length; c++)
    state.excluded[c] =
      state.absent[c] === 1 || (state.counts.get(trackIds[c]!) ?? 0) >= state.heavy ? 1 : 0;
}

function followPlays(
  db: Db,
  profileId: number,
  state: ListenerState,
  changes: readonly PlayChange[],
): ListenerState {
  const mine = changes.filter((c) => c.profileId === profileId && c.listened !== 0);
  if (mine.length === 0) return state;
  try {
    const { loaded, histogram } = state;
    const counts = profileTrackCounts(db, profileId);
    const artistCounts = profileArtistCounts(db, profileId);
    const played = new Set(mine.flatMap((c) => (c.trackId !== null ? [c.trackId] : [])));
    const cols: number[] = [];
    for (const id of played) {
      const before = state.counts.get(id) ?? 0;
      const now = counts.get(id) ?? 0;
      if (before === now) continue;
      if (before > 0) {
        const left = histogram.get(before)! - 1;
        if (left > 0) histogram.set(before, left);
        else histogram.delete(before);
      }
      if (now > 0) histogram.set(now, (histogram.get(now) ?? 0) + 1);
      const c = loaded.trackCol.get(id);
      if (c !== undefined) {
        state.tracks.setCount(c, now);
        cols.push(c);
      }
    }
    for (const key of new Set(mine.map((c) => c.artistKey))) {
      const c = loaded.artistCol.get(key);
      if (c !== undefined) state.artists.setCount(c, artistCounts.get(key) ?? 0);
    }
    state.counts = counts;
    state.artistCounts = artistCounts;
    const heavy = heavyRotationFromHistogram(histogram);
    if (heavy !== state.heavy) {
      state.heavy = heavy;
      excludeAll(state);
    } else {
      for (const c of cols)
        state.excluded[c] =
          state.absent[c] === 1 || (counts.get(loaded.model.trackIds[c]!) ?? 0) >= heavy ? 1 : 0;
    }
    return state;
  } catch (error) {
    state.broken = true;
    throw error;
  }
}
