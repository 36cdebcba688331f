/**
 * Scanner throughput. Generates a library of ≥ 2,000 distinctly tagged files into .bench/ (three
 * ffmpeg renders, then tags written in JS), and measures:
 *   raw      — music-metadata parseFile over every file, one after another, in this process;
 *   cold     — scanFolders into a new db (walk + worker pool + batched writes), as shipped: the
 *              scanner and its worker are bundled with esbuild first, as scripts/build.mjs does;
 *   rescan   — scanFolders again with nothing changed (median of 3).
 * Goals: cold ≥ 1.5 × raw; rescan ≤ 5 % of cold. Figures are medians over BENCH_ROUNDS (default 3)
 * alternating raw/cold rounds and 5 rescans; the load average is printed because the machine may be shared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type PluginBuild } from 'esbuild';
import { parseFile } from 'music-metadata';
import { PARSE_OPTIONS } from '../src-main/library/parse-protocol';
import type { scanFolders } from '../src-main/library/scan';
import type { openDb } from '../src-main/db/connection';
import type { addFolder } from '../src-main/db/folders';
import { walkFolder } from '../src-main/library/walk';
import { id3v23, retagFlac, stripId3v2, type SimpleTags } from '../test/fixtures/audio/tag-writers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.bench', 'scan');
const library = path.join(work, 'library');
const ARTISTS = 60;
const ALBUMS = 4;
const TRACKS = 10;
const LIBRARY_VERSION = '1';

/** Renders to a real file: LAME's Xing/Info header is written by seeking back, which a pipe cannot do. */
function ffmpeg(args: string[], ext: string): Buffer {
  const out = path.join(work, `base.${ext}`);
  mkdirSync(work, { recursive: true });
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, out], {
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0)
    throw new Error(`ffmpeg failed (is it installed?): ${r.error?.message ?? r.stderr}`);
  return readFileSync(out);
}

/** 4 s of stereo 44.1 kHz music-like sound: a tone and seeded noise, so VBR frames differ. */
const SOURCE = [
  '-f',
  'lavfi',
  '-i',
  "aevalsrc='0.3*sin(440*2*PI*t)+0.2*(random(0)*2-1)|0.3*sin(554*2*PI*t)+0.2*(random(1)*2-1)':s=44100:d=4",
];

function makeLibrary(): number {
  const stamp = path.join(library, '.version');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === LIBRARY_VERSION)
    return ARTISTS * ALBUMS * TRACKS;
  rmSync(library, { recursive: true, force: true });
  const common = ['-map_metadata', '-1', '-fflags', '+bitexact'];
  const bases = {
    cbr: stripId3v2(
      ffmpeg(
        [...SOURCE, '-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0', ...common],
        'mp3',
      ),
    ),
    vbr: stripId3v2(
      ffmpeg(
        [...SOURCE, '-c:a', 'libmp3lame', '-q:a', '4', '-id3v2_version', '0', ...common],
        'mp3',
      ),
    ),
    flac: ffmpeg([...SOURCE, '-c:a', 'flac', ...common], 'flac'),
  };
  let n = 0;
  for (let a = 0; a < ARTISTS; a++) {
    for (let b = 0; b < ALBUMS; b++) {
      const dir = path.join(library, `Artist ${a}`, `Album ${a}.${b}`);
      mkdirSync(dir, { recursive: true });
      for (let t = 1; t <= TRACKS; t++, n++) {
        const tags: SimpleTags = {
          title: `Song ${n} ünïcode`,
          artist: `Artist ${a}`,
          album: `Album ${a}.${b}`,
          track: t,
          trackTotal: TRACKS,
          year: 1960 + ((a + b) % 60),
          genre: ['Rock', 'Jazz', 'Electronic', 'Folk'][n % 4]!,
          mbAlbumId: `00000000-0000-4000-8000-${String(a * ALBUMS + b).padStart(12, '0')}`,
        };
        const name = `${String(t).padStart(2, '0')} - Song ${n}`;
        // 30 % FLAC, the rest MP3 split between CBR and VBR (both with LAME's Xing/Info header).
        if (n % 10 < 3) writeFileSync(path.join(dir, `${name}.flac`), retagFlac(bases.flac, tags));
        else
          writeFileSync(
            path.join(dir, `${name}.mp3`),
            Buffer.concat([id3v23(tags), n % 2 ? bases.vbr : bases.cbr]),
          );
      }
    }
  }
  writeFileSync(stamp, LIBRARY_VERSION);
  return n;
}

/** The scanner bundled exactly as the app ships it, so workers start from plain JS. */
async function bundleScanner(): Promise<string> {
  const out = path.join(work, 'dist');
  const rawText = {
    name: 'raw-text',
    setup(b: PluginBuild) {
      b.onResolve({ filter: /\?raw$/ }, (args) => ({
        path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
        namespace: 'raw-text',
      }));
      b.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({
        contents: readFileSync(args.path, 'utf8'),
        loader: 'text',
      }));
    },
  };
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    plugins: [rawText],
    logLevel: 'warning',
  };
  await build({
    ...common,
    stdin: {
      contents: `export { scanFolders } from './src-main/library/scan';
export { openDb } from './src-main/db/connection';
export { addFolder } from './src-main/db/folders';`,
      resolveDir: root,
      loader: 'ts',
    },
    outfile: path.join(out, 'scanner.js'),
  });
  await build({
    ...common,
    entryPoints: [path.join(root, 'src-main/library/parse-worker.ts')],
    outfile: path.join(out, 'parse-worker.js'),
  });
  return pathToFileURL(path.join(out, 'scanner.js')).href;
}

interface Scanner {
  scanFolders: typeof scanFolders;
  openDb: typeof openDb;
  addFolder: typeof addFolder;
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;
const round = (x: number, d = 3): number => Number(x.toFixed(d));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One plain parseFile per file, one after another: what a naive single-threaded scanner gets. */
async function rawPass(files: readonly { path: string }[]): Promise<number> {
  const t0 = performance.now();
  for (const f of files) await parseFile(f.path, PARSE_OPTIONS);
  return seconds(t0);
}

export async function run(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  const generated = makeLibrary();
  const { files } = await walkFolder(library);
  for (const f of files) readFileSync(f.path); // warm the page cache so every pass reads from memory
  const scanner = (await import(await bundleScanner())) as Scanner;
  const dbFile = path.join(work, 'bench.db');

  // Raw and cold passes alternate, so a burst of load from other processes hits both alike.
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const raws: number[] = [];
  const colds: number[] = [];
  let added = 0;
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    raws.push(await rawPass(files));
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
    const db = scanner.openDb(dbFile);
    const t0 = performance.now();
    const cold = await scanner.scanFolders(db, [
      { id: scanner.addFolder(db, library), path: library },
    ]);
    colds.push(seconds(t0));
    ({ added } = cold);
    errors = cold.errors.length;
    db.close();
  }

  const db = scanner.openDb(dbFile);
  const folder = { id: scanner.addFolder(db, library), path: library };
  const rescans: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const again = await scanner.scanFolders(db, [folder]);
    rescans.push(seconds(t0));
    if (again.unchanged !== files.length)
      throw new Error(`Rescan re-read files: ${JSON.stringify(again)}`);
  }
  db.close();

  const rawSeconds = median(raws);
  const coldSeconds = median(colds);
  const rescanSeconds = median(rescans);
  const raw = files.length / rawSeconds;
  const coldRate = files.length / coldSeconds;
  return {
    files: files.length,
    generated,
    added,
    errors,
    workers: availableParallelism(),
    rounds,
    rawFilesPerSec: round(raw, 1),
    coldFilesPerSec: round(coldRate, 1),
    coldVsRaw: round(coldRate / raw, 2),
    coldSeconds: round(coldSeconds),
    rescanSeconds: round(rescanSeconds),
    rescanPctOfCold: round((100 * rescanSeconds) / coldSeconds, 2),
    goals: {
      coldAtLeast1_5xRaw: coldRate / raw >= 1.5,
      rescanAtMost5PctOfCold: rescanSeconds <= 0.05 * coldSeconds,
    },
    perRound: {
      rawSeconds: raws.map((x) => round(x)),
      coldSeconds: colds.map((x) => round(x)),
      rescanSeconds: rescans.map((x) => round(x)),
    },
    loadavgBefore: loadBefore.map((x) => round(x, 2)),
    loadavgAfter: loadavg().map((x) => round(x, 2)),
  };
}
