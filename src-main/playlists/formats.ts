/**
 * Playlist files: M3U8 (the extended M3U of Winamp, UTF-8) and XSPF 1 (xspf.org/spec). Entries
 * are written relative to the playlist file's folder when they lie under it (so a library and its
 * playlists can move together), absolute otherwise.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ExportEntry {
  path: string;
  title: string;
  artist: string;
  album: string | null;
  durationMs: number | null;
}

/** `file` relative to `folder` when it lies inside it, else absolute; always with `/`. */
export function entryPath(file: string, folder: string | undefined): string {
  if (folder !== undefined) {
    const rel = path.relative(folder, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return file;
}

/** One line of text per field: a newline in a tag would start a bogus entry in M3U. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

export function toM3u8(name: string, entries: readonly ExportEntry[], folder?: string): string {
  const lines = ['#EXTM3U', `#PLAYLIST:${oneLine(name)}`];
  for (const e of entries) {
    // #EXTINF:<seconds>,<artist> - <title>; -1 is the format's "length unknown".
    const seconds = e.durationMs === null ? -1 : Math.round(e.durationMs / 1000);
    lines.push(`#EXTINF:${seconds},${oneLine(e.artist)} - ${oneLine(e.title)}`);
    lines.push(entryPath(e.path, folder));
  }
  return lines.join('\n') + '\n';
}

const xml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[^\t\n\r\u0020-\uFFFD]/gu, '');

/** XSPF locations are URIs: relative ones are percent-encoded per segment, absolute ones file:. */
function location(file: string, folder: string | undefined): string {
  const p = entryPath(file, folder);
  return p === file ? pathToFileURL(file).href : p.split('/').map(encodeURIComponent).join('/');
}

export function toXspf(name: string, entries: readonly ExportEntry[], folder?: string): string {
  const tracks = entries.map((e) => {
    const fields = [
      `<location>${xml(location(e.path, folder))}</location>`,
      `<title>${xml(e.title)}</title>`,
      `<creator>${xml(e.artist)}</creator>`,
      e.album === null ? '' : `<album>${xml(e.album)}</album>`,
      e.durationMs === null ? '' : `<duration>${Math.round(e.durationMs)}</duration>`,
    ].filter(Boolean);
    return `    <track>\n${fields.map((f) => `      ${f}`).join('\n')}\n    </track>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<playlist version="1" xmlns="http://xspf.org/ns/0/">',
    `  <title>${xml(name)}</title>`,
    '  <trackList>',
    ...tracks,
    '  </trackList>',
    '</playlist>',
    '',
  ].join('\n');
}

export interface M3uEntry {
  /** 1-based line number in the file, for "line 7: not in your library". */
  line: number;
  /** The line as written. */
  text: string;
  /** Absolute, normalised path, or null for a URL that is not a file (http streams). */
  path: string | null;
}

/**
 * The entries of an M3U/M3U8 file: every line that is not blank or a `#` directive. Relative
 * entries resolve against `baseDir` (the playlist's folder); `file:` URLs are decoded; Windows
 * separators written by other players are accepted.
 */
export function parseM3u(text: string, baseDir: string): M3uEntry[] {
  const out: M3uEntry[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, n) => {
      const t = raw.trim();
      if (!t || t.startsWith('#')) return;
      let p: string | null;
      if (/^file:/i.test(t)) {
        try {
          p = path.normalize(decodeURIComponent(new URL(t).pathname));
        } catch {
          p = null;
        }
      } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(t)) p = null;
      else p = path.resolve(baseDir, path.sep === '/' ? t.replace(/\\/g, '/') : t);
      out.push({ line: n + 1, text: t, path: p });
    });
  return out;
}
