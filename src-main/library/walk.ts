import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { isAudioName, isHiddenName } from './audio-files';

export interface WalkedFile {
  path: string;
  size: number;
  /** Whole milliseconds, as stored in tracks.mtime_ms. */
  mtimeMs: number;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Entries that could not be taken in (one per path); the walk goes on past each. */
  errors: { path: string; message: string }[];
  /** False when the folder itself could not be read (an unplugged drive): nothing under it is known. */
  rootRead: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A name whose bytes are not UTF-8, printable: valid runs kept, other bytes as \xNN. */
export function escapeName(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const len =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (len > 0 && i + len <= bytes.length) {
      try {
        out += utf8.decode(bytes.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // not a valid sequence: fall through to the escape
      }
    }
    out += `\\x${b.toString(16).padStart(2, '0')}`;
    i++;
  }
  return out;
}

function messageOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM')
    return 'Permission denied: Encore cannot read this; check its permissions.';
  if (code === 'ENOENT') return 'Not found: a broken link, or it was removed during the scan.';
  if (code === 'ELOOP') return 'Too many levels of symbolic links.';
  return e instanceof Error ? e.message : String(e);
}

/**
 * Lists the audio files under `root`, with size and mtime. Follows symlinked folders, remembering
 * every real folder it entered: a link back to a folder on the current path is a loop and is
 * reported; a second link to a folder already walked elsewhere is skipped quietly (its files are
 * already listed). Hidden entries and non-audio files are skipped without a word.
 *
 * Directory names are read as bytes: Node would otherwise replace invalid UTF-8 with U+FFFD and
 * hand back a path that does not exist.
 *
 * Each directory is read with synchronous calls, yielding to the event loop between directories:
 * a rescan is nothing but this walk, and the promise-per-stat version measured 2.5× slower
 * (2,400 files: 220–320 ms against 90–135 ms on a loaded 2-core machine).
 */
export async function walkFolder(root: string, signal?: AbortSignal): Promise<WalkResult> {
  const result: WalkResult = { files: [], errors: [], rootRead: true };
  const seen = new Set<string>();
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch (e) {
    result.errors.push({ path: root, message: messageOf(e) });
    result.rootRead = false;
    return result;
  }
  // [path as listed, its real path, the real paths of the folders above it]
  const stack: [string, string, readonly string[]][] = [[root, rootReal, []]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    await yieldToEventLoop();
    signal?.throwIfAborted();
    const [dir, real, ancestors] = next;
    if (ancestors.includes(real)) {
      result.errors.push({
        path: dir,
        message: `Symbolic link loop: this folder leads back to ${real}; remove the link.`,
      });
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const inside = [...ancestors, real];
    const subdirs = visitDir(dir, real, result);
    if (dir === root && subdirs === null) result.rootRead = false;
    // reversed so the stack pops them in name order
    for (const [subPath, subReal] of (subdirs ?? []).reverse())
      stack.push([subPath, subReal, inside]);
  }
  return result;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Lists one directory into `result`; returns its subfolders as [path, real path], or null if unreadable. */
function visitDir(dir: string, real: string, result: WalkResult): [string, string][] | null {
  let entries: Dirent<Buffer>[];
  try {
    entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (e) {
    result.errors.push({ path: dir, message: messageOf(e) });
    return null;
  }
  const subdirs: [string, string][] = [];
  for (const entry of entries) {
    let name: string;
    try {
      name = utf8.decode(entry.name);
    } catch {
      const shown = path.join(dir, escapeName(entry.name));
      if (isAudioName(shown)) {
        result.errors.push({
          path: shown,
          message: 'The file name is not valid UTF-8; rename the file so Encore can read it.',
        });
      }
      continue;
    }
    if (isHiddenName(name)) continue;
    const full = path.join(dir, name);
    // A plain subfolder's real path follows from its parent's: only links cost a realpath call.
    if (entry.isDirectory()) subdirs.push([full, path.join(real, name)]);
    else if (entry.isSymbolicLink() || (entry.isFile() && isAudioName(name))) {
      try {
        const s = statSync(full);
        if (s.isDirectory()) {
          if (entry.isSymbolicLink()) subdirs.push([full, realpathSync(full)]);
        } else if (s.isFile() && isAudioName(name)) {
          if (s.size === 0)
            result.errors.push({ path: full, message: 'The file is empty (0 bytes).' });
          else result.files.push({ path: full, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) });
        }
      } catch (e) {
        if (isAudioName(name)) result.errors.push({ path: full, message: messageOf(e) });
      }
    }
  }
  return subdirs;
}
