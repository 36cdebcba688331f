/**
 * Which file names the scanner and the watcher treat as music. Anything else (covers, cue sheets,
 * playlists, notes) is ignored rather than reported. `webm` is included because some rippers and
 * YouTube-style downloads store Opus audio in it; music-metadata reads it as Matroska.
 */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3',
  'flac',
  'ogg',
  'oga',
  'opus',
  'm4a',
  'mp4',
  'aac',
  'alac',
  'wav',
  'aif',
  'aiff',
  'wma',
  'ape',
  'wv',
  'mpc',
  'webm',
]);

export function isAudioName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && AUDIO_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** Dot-files and dot-folders (`.git`, macOS `._x.mp3` resource forks, `.Trash`) are never scanned. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}
