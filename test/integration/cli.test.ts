import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the CLI from source, as a person would run the built one. */
function encore(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', './scripts/source-hooks.mjs', 'src-main/cli.ts', ...args],
      { cwd: root, env: { ...process.env, ENCORE_DB: path.join(dir, 'default.db') } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let dir: string;
let music: string;
let db: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-cli-'));
  music = path.join(dir, 'music');
  mkdirSync(music);
  for (const [name, hz] of [
    ['one.mp3', 440],
    ['two.mp3', 550],
  ] as const) {
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${hz}:duration=1`,
      '-metadata',
      `title=${name}`,
      path.join(music, name),
    ]);
  }
  db = path.join(dir, 'library.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('encore scan', () => {
  it('prints the summary as JSON with --json', async () => {
    const r = await encore('scan', music, '--db', db, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(summary).sort()).toEqual([
      'added',
      'errors',
      'files',
      'removed',
      'unchanged',
      'updated',
    ]);
    expect(summary).toMatchObject({
      files: 2,
      added: 2,
      updated: 0,
      unchanged: 0,
      removed: 0,
      errors: [],
    });
  });

  it('finds nothing new the second time', async () => {
    const r = await encore('scan', music, '--db', db, '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ files: 2, added: 0, unchanged: 2 });
  });

  it('lists files it could not read, by path and message', async () => {
    const empty = path.join(music, 'empty.mp3');
    writeFileSync(empty, '');
    const r = await encore('scan', music, '--db', db, '--json');
    rmSync(empty);
    expect(r.code).toBe(0);
    const { errors } = JSON.parse(r.stdout) as { errors: { path: string; message: string }[] };
    expect(errors).toEqual([{ path: empty, message: expect.any(String) }]);
  });

  it('prints a readable summary without --json', async () => {
    const r = await encore('scan', music, '--db', db);
    expect(r.stdout).toMatch(
      /^Scanned \d+ files?: \d+ added, \d+ updated, \d+ unchanged, \d+ removed/,
    );
  });

  it('fails with exit code 1 and says why for a folder that does not exist', async () => {
    const r = await encore('scan', path.join(dir, 'nowhere'), '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a folder');
  });
});

describe('encore stats', () => {
  it('counts the scanned tracks and their plays', async () => {
    const r = await encore('stats', '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tracks: 2, folders: 1, plays: 0 });
  });

  it('reads the default library from ENCORE_DB when --db is not given', async () => {
    const r = await encore('stats');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 tracks');
  });
});

describe('encore with a command it does not know', () => {
  it('prints the usage on stderr and exits with 2', async () => {
    const r = await encore('scna', music);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: encore <command>');
    expect(r.stdout).toBe('');
  });
});
