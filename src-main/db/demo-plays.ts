import type { Db } from './connection';
import { isSkip } from './plays';
import { normalizeArtist, playKey } from '../history/normalize';

/** One play of the demo history file (`resources/demo/history.json`). */
export interface DemoPlay {
  playedAt: string;
  artist: string;
  title: string;
  album?: string | null;
  msPlayed: number;
}

export interface DemoPlayCounts {
  /** Plays stored by this call (a play stored by an earlier call is not counted again). */
  imported: number;
  /** Of those, how many were matched to a library track. */
  matched: number;
}

/**
 * Stores the demo history for a profile, matching each play to a track by exact artist and title
 * (ASCII case ignored; the demo's names are spelled as its tags are). The source key is
 * `playedAt|artist|title`, so storing the same file twice adds nothing. One import run records the
 * counts, and only when something was stored, so a second call leaves the database as it was.
 */
export function storeDemoPlays(
  db: Db,
  profileId: number,
  file: string,
  plays: readonly DemoPlay[],
): DemoPlayCounts {
  const findTrack = db.prepare(
    `SELECT id, duration_ms AS durationMs FROM tracks
      WHERE artist = ? COLLATE NOCASE AND title = ? COLLATE NOCASE AND missing = 0
      ORDER BY (album = ? COLLATE NOCASE) DESC, id LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT INTO plays (profile_id, played_at, track_id, artist, title, album, source, source_key,
                        ms_played, skipped, import_run_id, artist_norm, norm_key)
     VALUES (?, ?, ?, ?, ?, ?, 'demo', ?, ?, ?, ?, ?, ?)
     ON CONFLICT(source, source_key) DO NOTHING`,
  );
  const startRun = db.prepare(
    `INSERT INTO import_runs (source, file, profile_id, started_at) VALUES ('demo', ?, ?, ?)`,
  );
  const finishRun = db.prepare(
    `UPDATE import_runs SET status = 'done', finished_at = ?, counts = ? WHERE id = ?`,
  );
  const dropRun = db.prepare('DELETE FROM import_runs WHERE id = ?');

  return db.transaction((): DemoPlayCounts => {
    const now = Math.floor(Date.now() / 1000);
    const runId = Number(startRun.run(file, profileId, now).lastInsertRowid);
    let imported = 0;
    let matched = 0;
    for (const p of plays) {
      const album = p.album ?? null;
      const track = findTrack.get(p.artist, p.title, album) as
        { id: number; durationMs: number | null } | undefined;
      const stored = insert.run(
        profileId,
        Math.floor(Date.parse(p.playedAt) / 1000),
        track?.id ?? null,
        p.artist,
        p.title,
        album,
        `${p.playedAt}|${p.artist}|${p.title}`,
        p.msPlayed,
        isSkip(p.msPlayed, track?.durationMs ?? null) ? 1 : 0,
        runId,
        normalizeArtist(p.artist),
        playKey(p.artist, p.title),
      ).changes;
      imported += stored;
      if (stored && track) matched++;
    }
    if (imported === 0) {
      dropRun.run(runId);
    } else {
      const counts = {
        rows: plays.length,
        imported,
        duplicates: plays.length - imported,
        matched,
        unmatched: imported - matched,
        dropped: 0,
      };
      finishRun.run(Math.floor(Date.now() / 1000), JSON.stringify(counts), runId);
    }
    return { imported, matched };
  })();
}
