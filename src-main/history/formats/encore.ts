import { parseIsoUtc } from './time';
import { RowError, type HistoryFormat, type ParsedRow } from './types';

/**
 * Encore's own history export (the demo history uses it):
 * `{ "format": "encore-history", "version": 1, "plays": [{ playedAt, artist, title, album, msPlayed }] }`
 * with `playedAt` an ISO-8601 UTC time.
 */
export const encoreHistory: HistoryFormat = {
  source: 'encore',
  label: 'Encore history export',
  *rows(text, file): Generator<ParsedRow> {
    const doc = JSON.parse(text) as { version?: unknown; plays?: unknown };
    if (doc.version !== 1)
      throw new RowError(
        file,
        'top level',
        'version',
        `version ${JSON.stringify(doc.version)} is not 1; update Encore.`,
      );
    if (!Array.isArray(doc.plays))
      throw new RowError(file, 'top level', 'plays', 'is not an array.');
    const plays = doc.plays as Record<string, unknown>[];
    for (let i = 0; i < plays.length; i++) {
      const p = plays[i] ?? {};
      const where = `plays[${i}]`;
      const playedAt = typeof p.playedAt === 'string' ? parseIsoUtc(p.playedAt) : null;
      if (playedAt === null)
        throw new RowError(
          file,
          where,
          'playedAt',
          `${JSON.stringify(p.playedAt) ?? 'nothing'} is not an ISO-8601 time with Z or an offset.`,
        );
      if (typeof p.artist !== 'string' || !p.artist.trim())
        throw new RowError(file, where, 'artist', 'is missing or empty.');
      if (typeof p.title !== 'string' || !p.title.trim())
        throw new RowError(file, where, 'title', 'is missing or empty.');
      const msPlayed = p.msPlayed === undefined || p.msPlayed === null ? null : p.msPlayed;
      if (msPlayed !== null && (typeof msPlayed !== 'number' || msPlayed < 0)) {
        throw new RowError(
          file,
          where,
          'msPlayed',
          `${JSON.stringify(msPlayed)} is not a number of milliseconds.`,
        );
      }
      const artist = p.artist.trim();
      const title = p.title.trim();
      yield {
        play: {
          playedAt,
          artist,
          title,
          album: typeof p.album === 'string' && p.album.trim() ? p.album.trim() : null,
          msPlayed,
          skipped: false,
          reasonEnd: null,
          mbid: null,
          sourceKey: `${playedAt}|${artist}|${title}`,
        },
      };
    }
  },
};
