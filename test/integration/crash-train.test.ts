/**
 * Crash safety (issue 7): training killed with SIGKILL. A child process runs the app's
 * `models.train` job on a generated library and is killed once training is under way. The
 * database must pass `PRAGMA integrity_check` and keep every committed row (the plays, the model
 * trained before), every `models` row must point at a whole model file (files are written under a
 * temporary name and renamed), and training again must succeed and become the active model.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src-main/db/connection';
import {
  modelsFolder,
  readModelFile,
  unpackLibraryModel,
} from '../../src-main/training/model-store';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TRACKS = 2000;
const PLAYS = 60_000;

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-crash-train-'));
  db = path.join(dir, 'library.db');
  generateLibrary(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tracks as database rows (no files needed to train) and listening sessions over them. */
function generateLibrary(file: string): void {
  const d = openDb(file);
  const track = d.prepare(
    `INSERT INTO tracks (id, path, size, mtime_ms, title, artist, artist_id, added_at, updated_at)
     VALUES (?, ?, 1, 0, ?, ?, ?, 0, 0)`,
  );
  const artist = d.prepare('INSERT INTO artists (id, name, norm) VALUES (?, ?, ?)');
  const play = d.prepare(
    `INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key, ms_played)
     VALUES (1, ?, ?, ?, ?, 'app', ?, 180000)`,
  );
  d.transaction(() => {
    for (let a = 1; a <= TRACKS / 10; a++) artist.run(a, `Artist ${a}`, `artist ${a}`);
    for (let t = 1; t <= TRACKS; t++) {
      const a = Math.ceil(t / 10);
      track.run(t, `/m/${t}.mp3`, `Song ${t}`, `Artist ${a}`, a);
    }
    // Sessions of an album's tracks in order, a new session every 12 plays: structure to learn.
    let at = 1_600_000_000;
    for (let i = 0; i < PLAYS; i++) {
      at += i % 12 === 0 ? 7200 : 200;
      const album = (Math.floor(i / 12) * 7919) % (TRACKS / 10);
      const t = album * 10 + (i % 10) + 1;
      play.run(at, t, `Artist ${album + 1}`, `Song ${t}`, `p${i}`);
    }
  })();
  d.close();
}

function train(): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', './scripts/source-hooks.mjs', 'test/integration/crash-train-child.ts', db],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

interface Exit {
  code: number | null;
  signal: string | null;
  out: string;
}

/** Runs the child; `killAt` sees each progress line and says when to SIGKILL it. */
function run(child: ChildProcess, killAt?: (p: { done: number; total: number }) => boolean) {
  let out = '';
  let pending = ''; // a line split across two chunks
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const p = JSON.parse(line) as { state: string; done: number; total: number };
      if (killAt && p.state === 'running' && killAt(p)) child.kill('SIGKILL');
    }
  });
  return new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
}

interface ModelRow {
  id: number;
  file: string;
  active: number;
}

function look() {
  const d = openDb(db);
  try {
    return {
      integrity: d.pragma('integrity_check', { simple: true }) as string,
      plays: d.prepare('SELECT COUNT(*) FROM plays').pluck().get() as number,
      models: d
        .prepare("SELECT id, file, active FROM models WHERE kind = 'als' ORDER BY id")
        .all() as ModelRow[],
    };
  } finally {
    d.close();
  }
}

/** Every models row must name a whole file: one that reads back as a model. */
async function unreadableModels(models: ModelRow[]): Promise<string[]> {
  const bad: string[] = [];
  for (const m of models) {
    try {
      const loaded = unpackLibraryModel(await readModelFile(db, m.file));
      if (loaded.trackIds.length === 0) bad.push(`${m.file}: no tracks`);
    } catch (e) {
      bad.push(`${m.file}: ${(e as Error).message}`);
    }
  }
  return bad;
}

describe('training killed with SIGKILL', () => {
  it('loses no committed row, leaves no row pointing at a partial model, and trains again', async () => {
    const first = await run(train());
    expect(first.code, first.out).toBe(0);
    const before = look();
    expect(before.models).toHaveLength(1);

    // Killed in the middle of fitting: past the first progress update, before the last.
    const killed = await run(train(), (p) => p.total > 0 && p.done >= p.total / 3);
    expect(killed.signal, killed.out).toBe('SIGKILL');

    const after = look();
    expect(after.integrity).toBe('ok');
    expect(after.plays).toBe(PLAYS);
    expect(after.models[0]).toEqual(before.models[0]);
    expect(after.models.filter((m) => m.active === 1)).toHaveLength(1);
    expect(after.models.every((m) => !m.file.endsWith('.part'))).toBe(true);
    expect(await unreadableModels(after.models)).toEqual([]);

    const again = await run(train());
    expect(again.code, again.out).toBe(0);
    const final = look();
    expect(final.integrity).toBe('ok');
    const active = final.models.filter((m) => m.active === 1);
    expect(active).toHaveLength(1);
    expect(active[0]!.id).toBeGreaterThan(after.models.at(-1)!.id);
    expect(await unreadableModels(final.models)).toEqual([]);
    // Every whole file in the models folder is one a row names; a kill leaves at most a `.part`.
    const files = readdirSync(modelsFolder(db)).filter((f) => !f.endsWith('.part'));
    expect(files.sort()).toEqual(final.models.map((m) => m.file).sort());
  }, 180_000);
});
