import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../db/connection';
import { listFolders } from '../db/folders';
import { keepLibraryFresh } from '../library/live';
import { isLoopback } from '../serve/auth';
import { startServer } from '../serve/server';
import type { Command } from './command';
import { parseStrict, portNumber } from './command';
import { defaultDbPath, openEngine } from './database';
import { keepForYouWarm } from '../recommend/warm-up';
import { directClient } from './direct';
import { addAndScan, describeSummary } from './scan-folders';

const usage = `Usage: encore serve [folder…] [--demo] [--db <file>] [--port N] [--host H]

Serves Encore to a browser on this computer, behind a token printed in the URL.
  folder…       add these folders to the library and scan them first
  --demo        use the bundled demo library (in a fresh temporary database unless --db is given);
                also the default when no folder is configured anywhere
  --db <file>   the library database (default: $ENCORE_DB or the desktop app's)
  --port N      the port (default 0: a free one)
  --host H      the address to listen on (default 127.0.0.1; anything else exposes your library
                to your network, guarded only by the token)
`;

/** True when the database file exists and names at least one library folder. */
function hasFolders(dbPath: string): boolean {
  if (!existsSync(dbPath)) return false;
  const db = openDb(dbPath, { readonly: true });
  try {
    return listFolders(db).length > 0;
  } catch {
    return false; // a database from before the schema: nothing configured yet
  } finally {
    db.close();
  }
}

/**
 * SIGINT/SIGTERM abort the returned signal. Listening starts before anything is printed, so a
 * signal sent the moment the URL appears (as tests and process managers do) is never missed.
 */
function shutdownSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const on = (name: NodeJS.Signals): void => controller.abort(name);
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals: folders } = parseStrict({
      args: argv,
      allowPositionals: true,
      options: {
        demo: { type: 'boolean' },
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
      },
    });
    const port = portNumber(values.port, 0);
    const host = values.host ?? '127.0.0.1';
    let dbPath = path.resolve(values.db ?? defaultDbPath());
    const demo = values.demo === true || (folders.length === 0 && !hasFolders(dbPath));
    // The demo never lands in the person's own library unless they name the database.
    const tempDir =
      demo && values.db === undefined
        ? await mkdtemp(path.join(os.tmpdir(), 'encore-demo-'))
        : null;
    if (tempDir) dbPath = path.join(tempDir, 'encore.db');

    const shutdown = shutdownSignal();
    const engine = openEngine(dbPath, { host: 'serve', demo });
    try {
      if (demo) {
        io.stderr('Preparing the demo library…\n');
        const { ensureDemoLibrary } = await import('../library/demo');
        const demoLibrary = await ensureDemoLibrary(engine.db, { signal: shutdown.signal }).catch(
          (e: unknown) => {
            if (shutdown.signal.aborted) return null;
            throw e;
          },
        );
        if (!demoLibrary) return 130;
        const { scanned, plays } = demoLibrary;
        io.stderr(`Demo library ready: ${scanned.files} files, ${plays.imported} plays loaded.\n`);
      }
      if (folders.length > 0) {
        const outcome = await addAndScan(engine, directClient(engine), folders, io);
        io.stderr(
          outcome.ok
            ? describeSummary(outcome.summary)
            : `encore serve: scan ${outcome.state}: ${outcome.message}\n`,
        );
      }
      if (shutdown.signal.aborted) return 130; // interrupted while preparing: nothing to serve
      const server = await startServer(engine, { port, host });
      engine.onClose(keepLibraryFresh(engine));
      keepForYouWarm(engine);
      if (!isLoopback(host)) {
        io.stderr(
          `Warning: listening on ${host}, not 127.0.0.1: anyone who can reach this address and learns the ` +
            'token can read your library and history. The Host-header guard is off.\n',
        );
      }
      io.stdout(`Encore is serving on ${server.url}\n`);
      if (!shutdown.signal.aborted) await once(shutdown.signal, 'abort');
      io.stderr(`Encore: ${String(shutdown.signal.reason)}, shutting down.\n`);
      await server.close();
      return 0;
    } finally {
      shutdown.dispose();
      await engine.close();
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    }
  },
};
export default command;
