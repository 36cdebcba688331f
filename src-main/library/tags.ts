import path from 'node:path';
import type { TrackRecord } from '../db/tracks';
import { nameKey, VARIOUS_ARTISTS } from './names';

/** The parts of music-metadata's result that Encore keeps (a structural subset of IAudioMetadata). */
export interface ParsedMetadata {
  common: {
    title?: string;
    artist?: string;
    artists?: string[];
    albumartist?: string;
    album?: string;
    track?: { no: number | null; of: number | null };
    disk?: { no: number | null; of: number | null };
    year?: number;
    date?: string;
    genre?: string[];
    compilation?: boolean;
    musicbrainz_recordingid?: string;
    musicbrainz_trackid?: string;
    musicbrainz_albumid?: string;
    musicbrainz_artistid?: string[];
  };
  format: {
    container?: string;
    codec?: string;
    duration?: number;
    bitrate?: number;
    sampleRate?: number;
  };
}

/** Where the file lies: the library folder it was found under, and its size and mtime. */
export interface FileFacts {
  path: string;
  folderPath: string;
  folderId: number | null;
  size: number;
  mtimeMs: number;
}

export const UNKNOWN_ARTIST = 'Unknown Artist';

/** Trims, drops NULs some taggers pad with, and turns an empty string into null. */
function text(s: string | undefined | null): string | null {
  const t = s?.replace(/\0/g, '').trim();
  return t ? t : null;
}

function positive(n: number | null | undefined): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : null;
}

/** Tried in order; group 1 is the track number, group 2 the title. */
const TRACK_PREFIXES = [
  /^\d{1,2}[-.](\d{2,3})(?:\s*[-._)]\s*|\s+)(.+)$/, // disc-track: "1-03 Title", "1.03 - Title"
  /^(\d{1,3})\s*[-._)]\s*(.+)$/, // "03 - Title", "3. Title", "03_Title"
  /^(0\d{1,2})\s+(.+)$/, // "03 Title"
];

/**
 * Splits a file name into a track number and a title: "03 - Title.mp3", "03. Title", "1-03 Title",
 * "03_Title". A bare number followed by a space is taken as a track number only when zero-padded,
 * so "99 Luftballons.mp3" keeps its title; a name that is only a number ("1979.mp3") is a title.
 */
export function titleFromFileName(fileName: string): { title: string; trackNo: number | null } {
  const base = fileName.replace(/\.[^.]+$/, '').trim();
  for (const pattern of TRACK_PREFIXES) {
    const m = pattern.exec(base);
    if (m?.[2] && /\D/.test(m[2])) return { title: m[2].trim(), trackNo: positive(Number(m[1])) };
  }
  return { title: base || fileName, trackNo: null };
}

const DISC_FOLDER = /^(?:cd|dis[ck])\s*(\d{1,2})$/i;

/**
 * Artist and album guessed from `Artist/Album/[CD1/]file` relative to the library folder. Only
 * folders inside the library count: the library folder's own name says nothing about the music.
 */
export function guessFromFolders(
  filePath: string,
  folderPath: string,
): { artist: string | null; album: string | null; discNo: number | null } {
  const rel = path.relative(folderPath, path.dirname(filePath));
  const parts = rel && !rel.startsWith('..') ? rel.split(path.sep) : [];
  let discNo: number | null = null;
  const disc = DISC_FOLDER.exec(parts.at(-1) ?? '');
  if (disc && parts.length > 1) {
    discNo = positive(Number(disc[1]));
    parts.pop();
  }
  return {
    album: text(parts.at(-1)),
    artist: parts.length >= 2 ? text(parts.at(-2)) : null,
    discNo,
  };
}

function yearOf(common: ParsedMetadata['common']): number | null {
  const y = common.year ?? Number(/^\s*(\d{4})/.exec(common.date ?? '')?.[1]);
  return Number.isInteger(y) && y >= 1000 && y <= 2999 ? y : null;
}

/**
 * Maps parsed tags to the row the scanner stores, filling gaps from the path. A compilation (the
 * flag, or an album artist of "Various Artists") keeps each track's own artist and files the album
 * under Various Artists, so "Various Artists" never becomes a track's artist.
 */
export function toTrackRecord(file: FileFacts, meta: ParsedMetadata): TrackRecord {
  const { common, format } = meta;
  const fromName = titleFromFileName(path.basename(file.path));
  const fromFolders = guessFromFolders(file.path, file.folderPath);

  const tagArtists = (common.artists ?? []).map(text).filter((a): a is string => a !== null);
  const artist =
    text(common.artist) ??
    (tagArtists.length ? tagArtists.join(', ') : null) ??
    fromFolders.artist ??
    UNKNOWN_ARTIST;
  const artists = [...new Set(tagArtists.length ? tagArtists : [artist])];

  let albumArtist = text(common.albumartist);
  const compilation =
    common.compilation === true ||
    (albumArtist !== null && nameKey(albumArtist) === nameKey(VARIOUS_ARTISTS));
  if (compilation) albumArtist = VARIOUS_ARTISTS;

  return {
    path: file.path,
    folderId: file.folderId,
    size: file.size,
    mtimeMs: Math.trunc(file.mtimeMs),
    title: text(common.title) ?? fromName.title,
    artist,
    artists,
    album: text(common.album) ?? fromFolders.album,
    albumArtist,
    trackNo: positive(common.track?.no) ?? fromName.trackNo,
    trackTotal: positive(common.track?.of),
    discNo: positive(common.disk?.no) ?? fromFolders.discNo,
    discTotal: positive(common.disk?.of),
    year: yearOf(common),
    genre: text(common.genre?.find((g) => text(g) !== null)),
    durationMs: positive(format.duration === undefined ? undefined : format.duration * 1000),
    codec: text(format.codec),
    container: text(format.container),
    bitrate: positive(format.bitrate),
    sampleRate: positive(format.sampleRate),
    compilation,
    mbRecordingId: text(common.musicbrainz_recordingid),
    mbTrackId: text(common.musicbrainz_trackid),
    mbAlbumId: text(common.musicbrainz_albumid),
    mbArtistId: text(common.musicbrainz_artistid?.[0]),
  };
}

/**
 * Why a parse that did not throw still yields no track, or null when it is fine. music-metadata
 * reports an empty or truncated file as "no audio" rather than failing, and random bytes named
 * .mp3 can pass for an ADTS stream with no duration.
 */
export function notAudioReason(
  meta: ParsedMetadata & { format: { hasAudio?: boolean } },
): string | null {
  if (meta.format.hasAudio === false || !meta.format.codec) {
    return 'No audio stream found: the file is truncated, damaged or not an audio file.';
  }
  if (!(typeof meta.format.duration === 'number' && meta.format.duration > 0)) {
    return 'The audio has no readable duration: the file is probably damaged or not really audio.';
  }
  return null;
}
