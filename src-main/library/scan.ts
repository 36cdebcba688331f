import { availableParallelism } from 'node:os';
import type { Db } from '../db/connection';
import type { JobProgress } from '../api/jobs';
import { knownFiles, trackWriter, type TrackRecord } from '../db/tracks';
import { pruneScanErrors } from '../db/scan-errors';
import { walkFolder } from './walk';
import { abortError, parseInPool } from './parse-pool';
import type { FileFacts } from './tags';

export interface ScanSummary {
  /** Audio files found (empty and unnameable ones are counted in `errors` only). */
  files: number;
  added: number;
  updated: number;
  /** Same size and mtime as last time: not parsed again. */
  unchanged: number;
  /** Known tracks no longer found: kept with `missing = 1` so their plays survive. */
  removed: number;
  errors: { path: string; message: string }[];
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** Parser worker threads; defaults to the number of cores (at least 1). */
  workers?: number;
  /** Rows per write transaction. */
  batchSize?: number;
  /** Called with each file handed to a parser; lets tests prove that unchanged files are not read. */
  onParse?: (path: string) => void;
}

/**
 * Brings `tracks` up to date with the files under each folder: walk, compare with what the db knows
 * (size + mtime), parse only new and changed files in worker threads, write in batched transactions,
 * mark vanished files missing. Per-file problems land in `errors` and `scan_errors`; the scan rejects
 * only when cancelled (with an AbortError; batches already committed stay) or when the db fails.
 */
export async function scanFolders(
  db: Db,
  folders: readonly { id: number; path: string }[],
  options: ScanOptions = {},
): Promise<ScanSummary> {
  const { signal, onProgress } = options;
  const batchSize = options.batchSize ?? 200;
  const writer = trackWriter(db);
  const now = (): number => Math.floor(Date.now() / 1000);
  const summary: ScanSummary = {
    files: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    errors: [],
  };
  const toParse: FileFacts[] = [];
  const isNew = new Set<string>();
  const vanished: { folderPath: string; ids: number[] }[] = [];

  for (const folder of folders) {
    if (signal?.aborted) throw abortError(signal);
    const walked = await walkFolder(folder.path, signal).catch((e: unknown) => {
      throw signal?.aborted ? abortError(signal) : e;
    });
    summary.files += walked.files.length;
    summary.errors.push(...walked.errors);
    const known = knownFiles(db, folder.id);
    for (const f of walked.files) {
      const k = known.get(f.path);
      known.delete(f.path);
      if (k && !k.missing && k.size === f.size && k.mtimeMs === f.mtimeMs) summary.unchanged++;
      else {
        if (!k) isNew.add(f.path);
        toParse.push({ ...f, folderPath: folder.path, folderId: folder.id });
      }
    }
    // An unreadable folder (unplugged drive) says nothing about its files: leave them as they are.
    if (walked.rootRead) {
      const gone = [...known.values()].filter((k) => !k.missing).map((k) => k.id);
      vanished.push({ folderPath: folder.path, ids: gone });
    }
  }

  const total = summary.files;
  let done = summary.unchanged;
  onProgress?.({ done, total });
  writer.writeBatch([], summary.errors, now());

  let records: TrackRecord[] = [];
  let errors: { path: string; message: string }[] = [];
  const flush = (): void => {
    if (records.length + errors.length === 0) return;
    writer.writeBatch(records, errors, now());
    records = [];
    errors = [];
  };
  await parseInPool(toParse, {
    workers: options.workers ?? Math.max(1, availableParallelism()),
    signal,
    onOutcome: (o) => {
      if ('record' in o) {
        records.push(o.record);
        if (isNew.has(o.file.path)) summary.added++;
        else summary.updated++;
      } else {
        const e = { path: o.file.path, message: o.error };
        errors.push(e);
        summary.errors.push(e);
      }
      if (records.length + errors.length >= batchSize) flush();
      onProgress?.({ done: ++done, total, current: o.file.path });
    },
    onDispatch: options.onParse,
  });
  flush();

  for (const v of vanished) {
    summary.removed += writer.markMissing(v.ids, now());
    pruneScanErrors(db, v.folderPath, new Set(summary.errors.map((e) => e.path)));
  }
  onProgress?.({ done: total, total });
  return summary;
}
