/**
 * Listening-history export files → time-ordered plays for the next-song models, through the
 * history importers' format detection (src-main/history/formats), so every export Encore imports
 * (Last.fm CSV, Spotify, ListenBrainz, Encore) can be evaluated on.
 */
import { readFileSync } from 'node:fs';
import { detectFormat } from '../history/formats/detect';
import type { RawPlay } from './nextsong-data';

/** Plays of one export's text, oldest first. */
export function historyPlays(text: string, file: string): RawPlay[] {
  const plays: RawPlay[] = [];
  for (const row of detectFormat(text, file).rows(text, file)) {
    if (row.play)
      plays.push({
        time: row.play.playedAt,
        artist: row.play.artist,
        title: row.play.title,
        skipped: row.play.skipped,
      });
  }
  // Last.fm writes newest first with minute-resolution times: reverse before the stable sort so
  // plays within one minute keep their real order.
  if (plays.length > 1 && plays[0]!.time > plays[plays.length - 1]!.time) plays.reverse();
  return plays.sort((a, b) => a.time - b.time);
}

/** Plays of several export files (e.g. StreamingHistory0.json and 1.json), oldest first. */
export function readHistoryFiles(files: readonly string[]): RawPlay[] {
  return files
    .flatMap((file) => historyPlays(readFileSync(file, 'utf8'), file))
    .sort((a, b) => a.time - b.time);
}
