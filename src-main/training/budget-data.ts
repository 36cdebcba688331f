import type { Csr } from '../../models/sparse';
import type { Db } from '../db/connection';
import { trackTastes } from '../db/persona-data';
import { normalizeArtist } from '../history/normalize';
import { loadTrainingMatrices } from './matrices';

/**
 * What the artist-budget model trains on: the ALS track matrix (one row per session, then the
 * profile's whole history as the last row; matrices.ts), widened with every present library track
 * nobody has played yet. The model's likelihood runs over *all* of an artist's tracks (a
 * multinomial over the catalogue, models/budget/fit.ts), so the unplayed ones must be columns:
 * they are the deep cuts it exists to find.
 */
export interface BudgetData {
  matrix: Csr;
  sessions: number;
  profileRow: number;
  /** Column → library track id. */
  trackIds: Int32Array;
  /** Column → artist index (normalised artist name of the track's tag). */
  artistOf: Int32Array;
  /** Artist index → the display name seen first. */
  artistNames: string[];
}

export function loadBudgetData(db: Db, profileId: number): BudgetData {
  const { tracks } = loadTrainingMatrices(db, profileId);
  const tastes = trackTastes(db);
  const played = new Set(tracks.columns);
  const unplayed = [...tastes].flatMap(([id, t]) => (played.has(id) || t.missing ? [] : [id]));
  const trackIds = Int32Array.from([...tracks.columns, ...unplayed]);
  const artistIndex = new Map<string, number>();
  const artistNames: string[] = [];
  const artistOf = Int32Array.from(trackIds, (id) => {
    const name = tastes.get(id)?.artist ?? '';
    const key = normalizeArtist(name);
    let a = artistIndex.get(key);
    if (a === undefined) {
      artistIndex.set(key, (a = artistNames.length));
      artistNames.push(name);
    }
    return a;
  });
  return {
    // The new columns are empty, so only `cols` changes: indices stay valid.
    matrix: { ...tracks.matrix, cols: trackIds.length },
    sessions: tracks.sessions,
    profileRow: tracks.profileRow,
    trackIds,
    artistOf,
    artistNames,
  };
}
