// PLACEHOLDER owned by the scanner work: replaced by the real implementation.
import type { Db } from '../db/connection';
import type { JobProgress } from '../api/jobs';

export interface ScanSummary {
  files: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  errors: { path: string; message: string }[];
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** Parser worker threads; defaults to the number of cores (at least 1). */
  workers?: number;
}

export async function scanFolders(
  _db: Db,
  _folders: readonly { id: number; path: string }[],
  _options: ScanOptions = {},
): Promise<ScanSummary> {
  throw new Error('scanFolders is not written yet');
}
