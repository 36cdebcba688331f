import { parseIsoUtc, parseSpotifyEndTime } from './time';
import { RowError, type HistoryFormat, type ParsedRow } from './types';

/**
 * Spotify exports. Both give the END of a play, so the start is end − ms played (Last.fm and
 * ListenBrainz give the start; comparing starts is what lets one listen from two sources meet).
 * A stream counts as played on Spotify from 30 s on; shorter ones are stored as skips.
 */
const COUNTED_MS = 30_000;

function need(
  obj: Record<string, unknown>,
  key: string,
  file: string,
  index: number,
  kind: 'string' | 'number',
) {
  const value = obj[key];
  if (
    kind === 'string'
      ? typeof value !== 'string'
      : typeof value !== 'number' || !Number.isFinite(value)
  ) {
    throw new RowError(
      file,
      `JSON index ${index}`,
      key,
      `expected a ${kind}, found ${JSON.stringify(value) ?? 'nothing'}.`,
    );
  }
  return value;
}

/** Account-data `StreamingHistory*.json`: `{ endTime, artistName, trackName, msPlayed }`. */
export const spotifyBasic: HistoryFormat = {
  source: 'spotify-basic',
  label: 'Spotify streaming history (account data)',
  *rows(text, file): Generator<ParsedRow> {
    const items = JSON.parse(text) as Record<string, unknown>[];
    for (let i = 0; i < items.length; i++) {
      const r = items[i]!;
      const endTime = need(r, 'endTime', file, i, 'string') as string;
      const end = parseSpotifyEndTime(endTime);
      if (end === null)
        throw new RowError(
          file,
          `JSON index ${i}`,
          'endTime',
          `"${endTime}" is not like "2019-03-02 13:50".`,
        );
      const artist = (need(r, 'artistName', file, i, 'string') as string).trim();
      const title = (need(r, 'trackName', file, i, 'string') as string).trim();
      const msPlayed = need(r, 'msPlayed', file, i, 'number') as number;
      if (!artist || !title) {
        yield { dropped: 'no artist or track name' };
        continue;
      }
      yield {
        play: {
          playedAt: end - Math.round(msPlayed / 1000),
          artist,
          title,
          album: null,
          msPlayed,
          skipped: msPlayed < COUNTED_MS,
          reasonEnd: null,
          mbid: null,
          // Same song twice within one minute is common (skips); the ms played tells them apart.
          sourceKey: `${endTime}|${artist}|${title}|${msPlayed}`,
        },
      };
    }
  },
};

/**
 * Extended `Streaming_History_Audio_*.json`. Podcast episodes, audiobooks and videos carry no
 * `master_metadata_track_name` and are dropped. `ip_addr` and the other device fields are never read.
 */
export const spotifyExtended: HistoryFormat = {
  source: 'spotify-extended',
  label: 'Spotify extended streaming history',
  *rows(text, file): Generator<ParsedRow> {
    const items = JSON.parse(text) as Record<string, unknown>[];
    for (let i = 0; i < items.length; i++) {
      const r = items[i]!;
      const ts = need(r, 'ts', file, i, 'string') as string;
      const end = parseIsoUtc(ts);
      if (end === null)
        throw new RowError(file, `JSON index ${i}`, 'ts', `"${ts}" is not an ISO-8601 UTC time.`);
      const msPlayed = need(r, 'ms_played', file, i, 'number') as number;
      const title = r.master_metadata_track_name;
      const artist = r.master_metadata_album_artist_name;
      if (
        r.episode_name ||
        r.spotify_episode_uri ||
        r.audiobook_title ||
        typeof title !== 'string' ||
        !title
      ) {
        yield { dropped: 'not music (podcast, audiobook or video)' };
        continue;
      }
      if (typeof artist !== 'string' || !artist) {
        throw new RowError(
          file,
          `JSON index ${i}`,
          'master_metadata_album_artist_name',
          'is missing for a music play.',
        );
      }
      const album =
        typeof r.master_metadata_album_album_name === 'string'
          ? r.master_metadata_album_album_name
          : null;
      const reasonEnd = typeof r.reason_end === 'string' ? r.reason_end : null;
      yield {
        play: {
          playedAt: end - Math.round(msPlayed / 1000),
          artist: artist.trim(),
          title: title.trim(),
          album: album?.trim() || null,
          msPlayed,
          skipped: r.skipped === true || msPlayed < COUNTED_MS,
          reasonEnd,
          mbid: null,
          sourceKey: `${ts}|${typeof r.spotify_track_uri === 'string' ? r.spotify_track_uri : `${artist}|${title}`}|${msPlayed}`,
        },
      };
    }
  },
};
