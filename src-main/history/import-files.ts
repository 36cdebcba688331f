import type { Db } from '../db/connection';
import { libraryForMatching } from '../db/imports';
import { importText, type FileResult } from './import-file';
import { LibraryIndex } from './match';
import { expandSources } from './sources';

export interface ImportProgress {
  filesDone: number;
  files: number;
  /** Rows read so far, all files. */
  rows: number;
  bytesDone: number;
  bytes: number;
  /** Rows per second since the start. */
  rate: number;
  /** Seconds left, estimated from bytes; null until there is something to estimate from. */
  etaS: number | null;
  current: string | null;
}

export interface ImportOptions {
  profileId: number;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportSummary {
  files: FileResult[];
}

/**
 * Imports files, folders and zips of listening history. The library index is built once for the
 * whole import. Files already committed stay when a later one fails or the job is cancelled; the
 * file being imported at the cancel keeps nothing.
 */
export async function importHistory(
  db: Db,
  inputs: string[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const sources = await expandSources(inputs);
  const index = new LibraryIndex(libraryForMatching(db));
  const bytes = sources.reduce((sum, s) => sum + s.bytes, 0);
  const started = performance.now();
  const files: FileResult[] = [];
  let rowsBefore = 0;
  let bytesBefore = 0;
  const report = (filesDone: number, rows: number, bytesDone: number, current: string | null) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? rows / seconds : 0;
    const etaS = bytesDone > 0 && seconds > 0 ? ((bytes - bytesDone) * seconds) / bytesDone : null;
    options.onProgress?.({
      filesDone,
      files: sources.length,
      rows,
      bytesDone,
      bytes,
      rate,
      etaS,
      current,
    });
  };
  for (const source of sources) {
    options.signal?.throwIfAborted();
    report(files.length, rowsBefore, bytesBefore, source.path);
    let text: string;
    try {
      text = await source.read();
    } catch (e) {
      files.push({
        path: source.path,
        format: 'unknown',
        rows: 0,
        imported: 0,
        duplicates: 0,
        matched: 0,
        unmatched: 0,
        dropped: 0,
        error: (e as Error).message,
      });
      bytesBefore += source.bytes;
      continue;
    }
    const lines = roughRowCount(text);
    const result = await importText(db, source.path, text, {
      profileId: options.profileId,
      index,
      signal: options.signal,
      onRows: (rows) => {
        const within = Math.min(1, rows / lines) * source.bytes;
        report(files.length, rowsBefore + rows, bytesBefore + within, source.path);
      },
    });
    files.push(result);
    rowsBefore += result.rows;
    bytesBefore += source.bytes;
  }
  report(files.length, rowsBefore, bytes, null);
  return { files };
}

/** Rows in a file, roughly: lines for CSV / JSON lines, objects for pretty-printed JSON arrays. */
function roughRowCount(text: string): number {
  const marker = text.trimStart().startsWith('[') ? '}' : '\n';
  let count = 1;
  for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + 1)) count++;
  return count;
}
