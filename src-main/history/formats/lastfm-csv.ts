import { csvRecords } from './csv';
import { parseEpoch, parseLastfmDate } from './time';
import { RowError, type HistoryFormat, type ParsedRow } from './types';

/**
 * Last.fm export CSVs, in the three shapes seen in the wild (../shared/data/README.md):
 * `utc_time,artist,album,track`; the popular exporter's
 * `uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid`; and headerless
 * `artist,album,track,date` files. Recognised by their first record, never by file name.
 */
type Shape = 'utc_time' | 'uts' | 'headerless';

const HEADERS: Record<string, Shape> = {
  'utc_time,artist,album,track': 'utc_time',
  'uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid': 'uts',
};

export function lastfmCsvShape(firstLine: string): Shape | null {
  const header = firstLine
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/"/g, '');
  const shape = HEADERS[header];
  if (shape) return shape;
  const first = csvRecords(firstLine).next();
  if (first.done) return null;
  const fields = first.value.fields;
  return fields.length === 4 && parseLastfmDate(fields[3]!) !== null ? 'headerless' : null;
}

const COLUMNS: Record<
  Shape,
  { time: number; artist: number; album: number; track: number; width: number }
> = {
  utc_time: { time: 0, artist: 1, album: 2, track: 3, width: 4 },
  uts: { time: 0, artist: 2, album: 4, track: 6, width: 8 },
  headerless: { time: 3, artist: 0, album: 1, track: 2, width: 4 },
};

export function lastfmCsv(shape: Shape): HistoryFormat {
  const col = COLUMNS[shape];
  const timeField = shape === 'uts' ? 'uts' : shape === 'utc_time' ? 'utc_time' : 'date';
  return {
    source: 'lastfm-csv',
    label: `Last.fm CSV (${shape === 'headerless' ? 'artist,album,track,date' : shape})`,
    *rows(text, file): Generator<ParsedRow> {
      let first = true;
      for (const { line, fields } of csvRecords(text)) {
        if (first && shape !== 'headerless') {
          first = false;
          continue;
        }
        first = false;
        const where = `line ${line}`;
        if (fields.length !== col.width) {
          throw new RowError(
            file,
            where,
            'columns',
            `expected ${col.width} columns, found ${fields.length}.`,
          );
        }
        const when = fields[col.time]!;
        const playedAt = shape === 'uts' ? parseEpoch(when) : parseLastfmDate(when);
        if (playedAt === null) {
          const example = shape === 'uts' ? '1674553320' : '24 Jan 2023, 09:42';
          throw new RowError(file, where, timeField, `"${when}" is not a time like "${example}".`);
        }
        const artist = fields[col.artist]!.trim();
        const title = fields[col.track]!.trim();
        if (!artist) throw new RowError(file, where, 'artist', 'is empty.');
        if (!title) throw new RowError(file, where, 'track', 'is empty.');
        const album = fields[col.album]!.trim() || null;
        const mbid = shape === 'uts' ? fields[7]!.trim() || null : null;
        yield {
          play: {
            playedAt,
            artist,
            title,
            album,
            msPlayed: null,
            skipped: false,
            reasonEnd: null,
            mbid,
            sourceKey: `${playedAt}|${artist}|${title}`,
          },
        };
      }
    },
  };
}
