import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { AUDIO_EXTENSIONS, isHiddenName } from './audio-files';

export interface WatchOptions {
  /** Quiet time after the last change before `onChange` fires; copying an album is one burst. */
  debounceMs?: number;
}

/**
 * Whether a change to `relative` (as fs.watch names it) can matter to the library: audio files, and
 * extensionless names, which are usually folders (a folder moved in or out carries its music with
 * it). Covers, notes, hidden files and partial downloads (`.part`, `.tmp`) are ignored.
 */
export function mayAffectLibrary(relative: string): boolean {
  const parts = relative.split(path.sep);
  if (parts.some(isHiddenName)) return false;
  const name = parts.at(-1) ?? '';
  const dot = name.lastIndexOf('.');
  return dot <= 0 || AUDIO_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/**
 * Watches each folder recursively (Linux supports `recursive` since Node 20) and calls `onChange`
 * with the ids of folders that changed, once things have been quiet for `debounceMs`. A folder
 * that cannot be watched (missing, unplugged) is skipped; it is picked up by the next manual scan.
 * Returns a function that stops every watcher and the pending timer.
 */
export function watchFolders(
  folders: readonly { id: number; path: string }[],
  onChange: (folderIds: number[]) => void,
  options: WatchOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? 1000;
  const changed = new Set<number>();
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;

  const fire = (): void => {
    timer = undefined;
    const ids = [...changed];
    changed.clear();
    if (ids.length) onChange(ids);
  };

  for (const folder of folders) {
    try {
      const w = watch(folder.path, { recursive: true, persistent: false }, (_event, name) => {
        if (name !== null && !mayAffectLibrary(String(name))) return;
        changed.add(folder.id);
        clearTimeout(timer);
        timer = setTimeout(fire, debounceMs);
      });
      // The folder vanished or hit the inotify limit: stop watching it rather than crash the host.
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // not watchable now (missing folder); scans still work
    }
  }

  return () => {
    clearTimeout(timer);
    timer = undefined;
    changed.clear();
    for (const w of watchers) w.close();
  };
}
