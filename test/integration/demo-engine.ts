// The usual fixture of an integration file: an Engine on a fresh database in a temporary folder
// with the demo library in it, and its handlers (the API as the hosts call it).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHandlers, type Handlers } from '../../src-main/api/handlers';
import type { Db } from '../../src-main/db/connection';
import { Engine } from '../../src-main/engine';
import { ensureDemoLibrary } from '../../src-main/library/demo';

export interface DemoEngine {
  dir: string;
  dbPath: string;
  engine: Engine;
  api: Handlers;
  /** Closes the engine and removes the folder. */
  close(): Promise<void>;
}

export async function openDemoEngine(name: string): Promise<DemoEngine> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `encore-${name}-`));
  const dbPath = path.join(dir, 'encore.db');
  const engine = new Engine({ dbPath, host: 'direct' });
  await ensureDemoLibrary(engine.db);
  return {
    dir,
    dbPath,
    engine,
    api: createHandlers(engine),
    close: async () => {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The track the history plays most (listened plays): a radio seed with rules after it. */
export function mostPlayedTrack(db: Db): number {
  return db
    .prepare(
      `SELECT track_id FROM plays WHERE track_id IS NOT NULL AND skipped = 0
        GROUP BY track_id ORDER BY COUNT(*) DESC, track_id LIMIT 1`,
    )
    .pluck()
    .get() as number;
}
