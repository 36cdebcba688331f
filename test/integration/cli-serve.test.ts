import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let music: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-cli-serve-'));
  music = path.join(dir, 'music');
  mkdirSync(music);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=1',
    '-metadata',
    'title=Served Tone',
    path.join(music, 'tone.mp3'),
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `encore serve` from source, waits for its URL line, then stops it with `signal`. */
async function serveUntil(
  args: string[],
  signal: NodeJS.Signals,
  whileUp: (url: string) => Promise<void>,
) {
  const child = spawn(
    process.execPath,
    ['--import', './scripts/source-hooks.mjs', 'src-main/cli.ts', 'serve', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, sig) => resolve(code ?? ((stderr += `killed by ${sig}`), null))),
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /^Encore is serving on .*$/m.exec(stdout);
      if (m) resolve(m[0]);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  await whileUp(line.slice('Encore is serving on '.length));
  child.kill(signal);
  return { line, code: await exited, stderr };
}

describe('encore serve <folder>', () => {
  it('scans the folder, prints the URL line and serves until SIGTERM, then exits 0', async () => {
    const db = path.join(dir, 'library.db');
    const result = await serveUntil(['--db', db, '--port', '0', music], 'SIGTERM', async (url) => {
      const { origin, searchParams } = new URL(url);
      const res = await fetch(`${origin}/api/library.tracks`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${searchParams.get('token')}` },
        body: '{}',
      });
      expect(await res.json()).toMatchObject({
        ok: true,
        value: { total: 1, rows: [{ title: 'Served Tone' }] },
      });
    });
    expect(result.line).toMatch(
      /^Encore is serving on http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/,
    );
    expect(result.code, result.stderr).toBe(0);
  });

  it('warns on stderr when asked to listen beyond loopback, and stops on SIGINT', async () => {
    const db = path.join(dir, 'library.db');
    const result = await serveUntil(
      ['--db', db, '--port', '0', '--host', '0.0.0.0'],
      'SIGINT',
      async () => undefined,
    );
    expect(result.stderr).toContain('Warning: listening on 0.0.0.0');
    expect(result.line).toMatch(/^Encore is serving on http:\/\/0\.0\.0\.0:\d+\/\?token=/);
    expect(result.code, result.stderr).toBe(0);
  });
});
