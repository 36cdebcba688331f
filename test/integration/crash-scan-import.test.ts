/**
 * Crash safety (issue 7): the CLI is killed with SIGKILL in the middle of a scan and in the middle
 * of a history import. SQLite's WAL must leave a database that passes `PRAGMA integrity_check`,
 * keeps every row that was committed before the kill, shows no part of a half-imported file, and
 * lets the same command run again to completion.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { id3v23, stripId3v2 } from '../fixtures/audio/tag-writers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FILES = 1500;
const SCROBBLES = 400_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-crash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the CLI from source, as `node --import ./scripts/source-hooks.mjs src-main/cli.ts …`. */
function startCli(args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', './scripts/source-hooks.mjs', 'src-main/cli.ts', ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function finish(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something, then SIGKILLs the child. Fails if the child ends first. */
async function killWhen<T>(
  child: ChildProcess,
  probe: () => T | undefined,
): Promise<{ seen: T; exit: { code: number | null; signal: string | null; out: string } }> {
  const exit = finish(child);
  let ended = false;
  void exit.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`The CLI ended before the kill: ${(await exit).out}`);
    const seen = probe();
    if (seen !== undefined) {
      child.kill('SIGKILL');
      return { seen, exit: await exit };
    }
    await sleep(10);
  }
}

/** A read-only look at the database, closed at once so it never holds the WAL open. */
function peek<T>(file: string, read: (db: Database.Database) => T): T | undefined {
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } catch {
    return undefined; // the schema may not exist yet
  } finally {
    db.close();
  }
}

function integrity(file: string): string {
  const db = new Database(file);
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('a scan killed with SIGKILL', () => {
  let library: string;
  beforeAll(() => {
    // One ffmpeg render; every file gets its own ID3 tag in front, so the scan parses each one.
    const base = path.join(dir, 'base.mp3');
    const r = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=1',
      '-id3v2_version',
      '0',
      base,
    ]);
    if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr.toString()}`);
    const audio = stripId3v2(readFileSync(base));
    library = path.join(dir, 'library');
    for (let i = 0; i < FILES; i++) {
      const folder = path.join(library, `Artist ${i % 30}`);
      mkdirSync(folder, { recursive: true });
      const tags = {
        title: `Song ${i}`,
        artist: `Artist ${i % 30}`,
        album: `Album ${i % 90}`,
        track: (i % 12) + 1,
        trackTotal: 12,
        year: 1970 + (i % 50),
        genre: 'Rock',
      };
      writeFileSync(path.join(folder, `${i}.mp3`), Buffer.concat([id3v23(tags), audio]));
    }
  });

  it('keeps every committed track, passes integrity_check, and a re-run completes', async () => {
    const db = path.join(dir, 'scan.db');
    const { seen, exit } = await killWhen(startCli(['scan', library, '--db', db, '--json']), () =>
      peek(db, (d) => {
        const paths = (d.prepare('SELECT path FROM tracks').all() as { path: string }[]).map(
          (t) => t.path,
        );
        return paths.length > 0 ? paths : undefined;
      }),
    );
    expect(exit.signal).toBe('SIGKILL');
    expect(seen.length).toBeLessThan(FILES); // killed mid-scan, not after it

    expect(integrity(db)).toBe('ok');
    const after = peek(db, (d) => d.prepare('SELECT path, title FROM tracks').all()) as {
      path: string;
      title: string;
    }[];
    const kept = new Set(after.map((t) => t.path));
    expect(seen.filter((p) => !kept.has(p))).toEqual([]);
    // Every row is whole: a track row is written with its tags or not at all.
    expect(after.every((t) => /^Song \d+$/.test(t.title))).toBe(true);

    const rerun = await finish(startCli(['scan', library, '--db', db, '--json']));
    expect(rerun.code, rerun.out).toBe(0);
    expect(integrity(db)).toBe('ok');
    const tracks = peek(db, (d) =>
      d.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT path) AS paths FROM tracks').get(),
    );
    expect(tracks).toEqual({ n: FILES, paths: FILES });
  }, 120_000);
});

describe('an import killed with SIGKILL', () => {
  let csv: string;
  beforeAll(() => {
    const lines = ['uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid'];
    let uts = Date.parse('2024-01-01T00:00:00Z') / 1000;
    for (let i = 0; i < SCROBBLES; i++) {
      uts -= 60 + (i % 180);
      const when = new Date(uts * 1000).toUTCString().slice(5, 22);
      lines.push(`${uts},"${when}",Artist ${i % 700},,Album ${i % 900},,Song ${i % 5000},`);
    }
    csv = path.join(dir, 'scrobbles.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
  });

  it('shows none of the file being imported, passes integrity_check, and a re-run imports it all', async () => {
    const db = path.join(dir, 'import.db');
    // A first, small file is committed before the big one starts: it must survive the kill.
    const small = path.join(dir, 'small.csv');
    writeFileSync(
      small,
      'uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n' +
        '1600000000,"13 Sep 2020 12:26",Early Artist,,Early Album,,Early Song,\n',
    );
    const first = await finish(startCli(['import', small, '--db', db]));
    expect(first.code, first.out).toBe(0);

    const { seen: walAtKill, exit } = await killWhen(startCli(['import', csv, '--db', db]), () => {
      // The file's plays are written in one transaction after they are parsed: once its run is
      // under way and the WAL has grown past a megabyte, that transaction is spilling pages, so
      // the kill lands in the middle of the write itself.
      const running = peek(db, (d) =>
        d.prepare("SELECT COUNT(*) AS n FROM import_runs WHERE status = 'running'").get(),
      ) as { n: number } | undefined;
      if (!running || running.n === 0) return undefined;
      const wal = `${db}-wal`;
      const walBytes = existsSync(wal) ? statSync(wal).size : 0;
      return walBytes > 1 << 20 ? walBytes : undefined;
    });
    expect(exit.signal).toBe('SIGKILL');
    expect(walAtKill).toBeGreaterThan(1 << 20);

    expect(integrity(db)).toBe('ok');
    const plays = peek(db, (d) =>
      d.prepare('SELECT artist, COUNT(*) AS n FROM plays GROUP BY artist').all(),
    ) as { n: number }[];
    // Only the small file's one play: nothing from the file that was being imported.
    expect(plays).toEqual([{ artist: 'Early Artist', n: 1 }]);

    const rerun = await finish(startCli(['import', csv, '--db', db, '--json']));
    expect(rerun.code, rerun.out).toBe(0);
    expect(integrity(db)).toBe('ok');
    const total = peek(db, (d) => d.prepare('SELECT COUNT(*) AS n FROM plays').get());
    expect(total).toEqual({ n: SCROBBLES + 1 });
    // The killed run is recorded as interrupted, not left "running" for ever.
    const runs = peek(db, (d) =>
      d
        .prepare(
          "SELECT status, json_extract(counts, '$.error') AS error FROM import_runs ORDER BY id",
        )
        .all(),
    ) as { status: string; error: string | null }[];
    expect(runs.map((r) => r.status)).toEqual(['done', 'failed', 'done']);
    expect(runs[1]!.error).toMatch(/^Interrupted/);
  }, 120_000);
});
