import type { Engine } from '../engine';
import { listFolders } from '../db/folders';
import { scanFolders } from './scan';
import { watchFolders } from './watch';

/**
 * Keeps the library in step with the disk while a host (Electron, serve) runs: watches every library
 * folder and rescans a folder incrementally when something in it changes. One scan at a time; changes
 * that arrive during a scan are folded into one follow-up scan.
 */
export function keepLibraryFresh(engine: Engine): () => void {
  let stopWatching: () => void = () => undefined;
  let watchedKey = '';
  const pending = new Set<number>();
  let running = false;

  const rescan = async (): Promise<void> => {
    if (running || pending.size === 0) return;
    running = true;
    const ids = [...pending];
    pending.clear();
    const folders = listFolders(engine.db).filter((f) => ids.includes(f.id));
    const { promise } = engine.jobs.start('scan', (ctx) =>
      scanFolders(engine.db, folders, { signal: ctx.signal, onProgress: ctx.progress }),
    );
    await promise.catch(() => undefined);
    running = false;
    engine.emit({ type: 'library-changed' });
    void rescan();
  };

  const rewatch = (): void => {
    const folders = listFolders(engine.db);
    const key = folders.map((f) => `${f.id}:${f.path}`).join('\n');
    if (key === watchedKey) return;
    watchedKey = key;
    stopWatching();
    stopWatching = watchFolders(folders, (ids) => {
      ids.forEach((id) => pending.add(id));
      void rescan();
    });
  };

  rewatch();
  const off = engine.onEvent((e) => {
    if (e.type === 'library-changed') rewatch();
  });
  return () => {
    off();
    stopWatching();
  };
}
