/**
 * The bundled demo library (resources/demo, written by scripts/make-demo.ts): what Encore opens
 * when no library is configured, so every screen has something to show.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../db/connection';
import type { JobProgress } from '../api/jobs';
import { addFolder } from '../db/folders';
import { storeDemoPlays, type DemoPlayCounts } from '../db/demo-plays';
import { demoLibraryDir } from '../paths';
import { scanFolders, type ScanSummary } from './scan';

/** Encore's own history export format, as the demo history uses it. */
const historySchema = z.strictObject({
  format: z.literal('encore-history'),
  version: z.literal(1),
  plays: z.array(
    z.strictObject({
      playedAt: z.iso.datetime(),
      artist: z.string().min(1),
      title: z.string().min(1),
      album: z.string().nullable().optional(),
      msPlayed: z.number().int().nonnegative(),
    }),
  ),
});

export type DemoHistory = z.infer<typeof historySchema>;

/** Parses a history file's text; errors name the file and the field (`plays[12].playedAt`). */
export function parseDemoHistory(text: string, file: string): DemoHistory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${file}: not valid JSON (${(err as Error).message}); regenerate it with npm run demo:make.`,
    );
  }
  const parsed = historySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = (issue?.path ?? [])
      .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
      .join('');
    throw new Error(
      `${file}: ${where.replace(/^\./, '') || 'top level'}: ${issue?.message ?? 'invalid'}; regenerate it with npm run demo:make.`,
    );
  }
  return parsed.data;
}

export interface DemoResult {
  scanned: ScanSummary;
  plays: DemoPlayCounts;
}

/** Profile row 1, 'me', created by the first migration. */
const ME = 1;

/**
 * Registers the demo folder, scans it, and loads its listening history into profile 'me'. Safe to
 * call on every start: a second call finds every file unchanged and every play already stored.
 */
export async function ensureDemoLibrary(
  db: Db,
  options: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void } = {},
): Promise<DemoResult> {
  const dir = demoLibraryDir();
  const folderId = addFolder(db, dir);
  const scanned = await scanFolders(db, [{ id: folderId, path: dir }], options);
  options.signal?.throwIfAborted();
  const file = path.join(dir, 'history.json');
  const history = parseDemoHistory(await readFile(file, 'utf8'), file);
  options.signal?.throwIfAborted();
  const total = history.plays.length;
  options.onProgress?.({ done: 0, total, message: 'Loading the demo listening history' });
  const plays = storeDemoPlays(db, ME, file, history.plays);
  options.onProgress?.({ done: total, total, message: 'Loaded the demo listening history' });
  return { scanned, plays };
}
