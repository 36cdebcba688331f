import type { Db } from '../db/connection';
import { trackTastes, type TrackTaste } from '../db/persona-data';
import { memoFollowingPlays, type PlayChange } from '../db/data-memo';
import { profileTrackCounts } from '../db/training-data';
import { normalizeArtist } from '../history/normalize';
import type { ArtistBreadth } from './budget-lines';

/** The listener's breadth per artist, as of one moment of the plays table. */
export interface BreadthTable {
  /** Normalised artist name → breadth. */
  byArtist: ReadonlyMap<string, ArtistBreadth>;
  /** Listened plays per library track id. */
  counts: ReadonlyMap<number, number>;
  tastes: Map<number, TrackTaste>;
}

/**
 * Counts straight from the plays table (never from the model's training matrix), so that what an
 * explanation says always matches what the History screen counts, new plays included. One GROUP BY
 * and one scan of the tracks, kept until the database changes (memoOnData): at 3,000,000 plays
 * and 200,000 tracks they take seconds, and For You asks on every visit. Plays recorded in the app
 * update the played tracks' artists instead.
 */
export function countBreadth(db: Db, profileId: number): BreadthTable {
  return memoFollowingPlays(
    db,
    `countBreadth:${profileId}`,
    () => tabulate(db, profileId),
    (table, changes) => followPlays(db, profileId, table, changes),
  );
}

/** The table after plays recorded in the app: each played track's artist is counted again. */
function followPlays(
  db: Db,
  profileId: number,
  table: BreadthTable,
  changes: readonly PlayChange[],
): BreadthTable {
  const played = new Set(
    changes.flatMap((c) =>
      c.profileId === profileId && c.listened !== 0 && c.trackId !== null ? [c.trackId] : [],
    ),
  );
  if (played.size === 0) return table;
  const counts = profileTrackCounts(db, profileId);
  const byArtist = new Map(table.byArtist);
  for (const id of played) {
    const t = table.tastes.get(id);
    const before = table.counts.get(id) ?? 0;
    const now = counts.get(id) ?? 0;
    if (!t || before === now) continue;
    const key = normalizeArtist(t.artist);
    const b = byArtist.get(key) ?? {
      artist: t.artist,
      plays: 0,
      tracksPlayed: 0,
      libraryTracks: 0,
    };
    const next = {
      ...b,
      plays: b.plays + now - before,
      tracksPlayed: b.tracksPlayed + (now > 0 ? 1 : 0) - (before > 0 ? 1 : 0),
    };
    // As `tabulate`: an artist appears with a present track or a play.
    if (next.plays === 0 && next.libraryTracks === 0) byArtist.delete(key);
    else byArtist.set(key, next);
  }
  return { byArtist, counts, tastes: table.tastes };
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
