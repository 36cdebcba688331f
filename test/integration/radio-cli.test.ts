import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine';
import { ensureDemoLibrary } from '../../src-main/library/demo';
import { trackById, type TrackRow } from '../../src-main/db/tracks';
import radio from '../../src-main/cli/radio';
import type { CliIo } from '../../src-main/cli/command';
import type { RadioPick } from '../../src-main/recommend/radio-engine';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let db: string;
/** The demo history's most played track: a seed with tracks that follow it. */
let seed: TrackRow;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-radio-cli-'));
  db = path.join(dir, 'encore.db');
  const engine = new Engine({ dbPath: db, host: 'direct' });
  await ensureDemoLibrary(engine.db);
  const id = engine.db
    .prepare(
      `SELECT track_id FROM plays WHERE track_id IS NOT NULL AND skipped = 0
        GROUP BY track_id ORDER BY COUNT(*) DESC, track_id LIMIT 1`,
    )
    .pluck()
    .get() as number;
  seed = trackById(engine.db, id)!;
  await engine.close();
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command in this process, capturing what it prints. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stderrIsTTY: false,
  };
  const code = await radio.run(argv, io).catch((e: unknown) => {
    stderr += e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return e instanceof Error && e.name === 'UsageError' ? 2 : 1;
  });
  return { code, stdout, stderr };
}

describe('encore radio', () => {
  it('prints n picks as JSON after a seed given by id, each with its reason', async () => {
    const r = await run('--db', db, '--seed', String(seed.id), '--n', '7', '--json');
    expect(r.code).toBe(0);
    const picks = JSON.parse(r.stdout) as RadioPick[];
    expect(picks).toHaveLength(7);
    expect(picks.map((p) => p.track.id)).not.toContain(seed.id);
    expect(picks.some((p) => p.reason === `often follows ${seed.title}`)).toBe(true);
  });

  it('takes a seed as "artist - title", the same as its id', async () => {
    const byId = await run('--db', db, '--seed', String(seed.id), '--json');
    const byName = await run('--db', db, '--seed', `${seed.artist} - ${seed.title}`, '--json');
    expect(byName.code).toBe(0);
    expect(JSON.parse(byName.stdout)).toEqual(JSON.parse(byId.stdout));
    expect(JSON.parse(byName.stdout) as unknown[]).toHaveLength(20);
  });

  it('prints a numbered queue for a person, reasons in brackets', async () => {
    const r = await run('--db', db, '--seed', String(seed.id), '--n', '3');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^${i + 1}\\. .+ - .+  \\(.+\\)$`)));
  });

  it('says which seed it cannot find, and refuses a count out of range', async () => {
    const missing = await run('--db', db, '--seed', 'Nobody - Nothing at all');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No track in this library is "Nobody - Nothing at all"/);
    expect((await run('--db', db, '--n', '0')).code).toBe(2);
    expect((await run('--db', db, '--n', '101')).code).toBe(2);
  });

  it('is an `encore` command', async () => {
    const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          '--import',
          './scripts/source-hooks.mjs',
          'src-main/cli.ts',
          'radio',
          '--db',
          db,
          '--n',
          '2',
        ],
        { cwd: root },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      ),
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
  });
});
