import { encoreHistory } from './encore';
import { lastfmCsv, lastfmCsvShape } from './lastfm-csv';
import { listenbrainzJson, listenbrainzLines } from './listenbrainz';
import { spotifyBasic, spotifyExtended } from './spotify';
import { UnknownFormatError, type HistoryFormat } from './types';

/**
 * Which history format a file is, from its content alone (headers, keys): files get renamed,
 * zipped and re-exported, names cannot be trusted. Throws UnknownFormatError naming the file.
 */
export function detectFormat(text: string, file: string): HistoryFormat {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('{') || body.startsWith('[')) {
    const format = detectJson(body);
    if (format) return format;
    throw new UnknownFormatError(file);
  }
  const firstLine = body.slice(0, body.indexOf('\n') === -1 ? body.length : body.indexOf('\n'));
  const shape = lastfmCsvShape(firstLine);
  if (shape) return lastfmCsv(shape);
  throw new UnknownFormatError(file);
}

function detectJson(body: string): HistoryFormat | null {
  const firstLineEnd = body.indexOf('\n');
  if (body.startsWith('{')) {
    // One object per line is ListenBrainz JSON lines; one object is an Encore export.
    const firstLine = firstLineEnd === -1 ? body : body.slice(0, firstLineEnd);
    const lineObject = tryParse(firstLine);
    if (isListen(lineObject)) return listenbrainzLines;
    const doc = tryParse(body) as Record<string, unknown> | null;
    if (doc && doc.format === 'encore-history') return encoreHistory;
    if (isListen(doc)) return listenbrainzLines;
    return null;
  }
  const items = tryParse(body);
  if (!Array.isArray(items)) return null;
  const first = items[0] as Record<string, unknown> | undefined;
  if (!first || typeof first !== 'object') return items.length === 0 ? spotifyBasic : null;
  if ('endTime' in first && 'msPlayed' in first) return spotifyBasic;
  if ('ts' in first && 'ms_played' in first) return spotifyExtended;
  if (isListen(first)) return listenbrainzJson;
  return null;
}

function isListen(value: unknown): boolean {
  return (
    !!value && typeof value === 'object' && 'listened_at' in value && 'track_metadata' in value
  );
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
