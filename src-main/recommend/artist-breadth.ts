import type { Db } from '../db/connection';
import { trackTastes, type TrackTaste } from '../db/persona-data';
import { memoOnData } from '../db/data-memo';
import { profileTrackCounts } from '../db/training-data';
import { normalizeArtist } from '../history/normalize';
import type { ArtistBreadth } from './budget-lines';

/** The listener's breadth per artist, as of one moment of the plays table. */
export interface BreadthTable {
  /** Normalised artist name → breadth. */
  byArtist: Map<string, ArtistBreadth>;
  /** Listened plays per library track id. */
  counts: ReadonlyMap<number, number>;
  tastes: Map<number, TrackTaste>;
}

/**
 * Counts straight from the plays table (never from the model's training matrix), so that what an
 * explanation says always matches what the History screen counts, new plays included. One GROUP BY
 * and one scan of the tracks, kept until the database changes (memoOnData): at 3,000,000 plays
 * and 200,000 tracks they take seconds, and For You asks on every visit.
 */
export function countBreadth(db: Db, profileId: number): BreadthTable {
  return memoOnData(db, `countBreadth:${profileId}`, () => tabulate(db, profileId));
}

function tabulate(db: Db, profileId: number): BreadthTable {
  const counts = profileTrackCounts(db, profileId);
  const tastes = trackTastes(db);
  const byArtist = new Map<string, ArtistBreadth>();
  for (const [id, t] of tastes) {
    const plays = counts.get(id) ?? 0;
    if (t.missing && plays === 0) continue;
    const key = normalizeArtist(t.artist);
    let b = byArtist.get(key);
    if (!b)
      byArtist.set(key, (b = { artist: t.artist, plays: 0, tracksPlayed: 0, libraryTracks: 0 }));
    b.plays += plays;
    if (plays > 0) b.tracksPlayed++;
    if (!t.missing) b.libraryTracks++;
  }
  return { byArtist, counts, tastes };
}
