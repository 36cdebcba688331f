/**
 * History import throughput (issue 3): 1,000,000 generated scrobbles in the Last.fm CSV shape
 * (`uts,utc_time,artist,…`) imported against a 50,000-track library, matching included.
 * 80 % of scrobbles name library tracks, written the ways real logs write them (case, "The",
 * "- Remastered 2009", "feat."), 20 % name artists the library lacks.
 * Goals: ≥ 50,000 rows/s and peak RSS < 1 GiB (run alone: `npm run bench -- import`).
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 as random } from '../models/random';
import { openDb } from '../src-main/db/connection';
import { importHistory } from '../src-main/history/import-files';

const SCROBBLES = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const ARTISTS = 5_000;
const TRACKS_PER_ARTIST = 10;
const WORDS =
  'amber blue cold dawn echo fire glass harbour iron jade kite lantern moon night ocean paper quiet river salt tide'.split(
    ' ',
  );

const words = (n: number, r: () => number) =>
  Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!).join(' ');

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-bench-import-'));
  try {
    const db = openDb(path.join(dir, 'bench.db'));
    const r = random(42);
    const library: { artist: string; title: string }[] = [];
    const insert = db.prepare(
      `INSERT INTO tracks (path, size, mtime_ms, title, artist, album, duration_ms, added_at, updated_at)
       VALUES (?, 1, 0, ?, ?, ?, ?, 0, 0)`,
    );
    db.transaction(() => {
      for (let a = 0; a < ARTISTS; a++) {
        const artist = `${a % 4 === 0 ? 'The ' : ''}${words(2, r)} ${a}`.replace(/^./, (c) =>
          c.toUpperCase(),
        );
        for (let t = 0; t < TRACKS_PER_ARTIST; t++) {
          const title = `${words(1 + (t % 3), r)} ${t}`;
          library.push({ artist, title });
          insert.run(
            `/music/${a}/${t}.flac`,
            title,
            artist,
            `${words(2, r)} LP`,
            150_000 + Math.floor(r() * 200_000),
          );
        }
      }
    })();

    const csv = path.join(dir, 'scrobbles.csv');
    // Written in chunks so that generating the file does not count towards the import's peak RSS.
    const out = openSync(csv, 'w');
    let lines = ['uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid'];
    let uts = Date.parse('2024-01-01T00:00:00Z') / 1000;
    for (let i = 0; i < SCROBBLES; i++) {
      uts -= 60 + Math.floor(r() * 180);
      const when = new Date(uts * 1000).toUTCString().slice(5, 22);
      const roll = r();
      let artist: string;
      let title: string;
      if (roll < 0.8) {
        // Zipf-like popularity: a few tracks get most plays, as in real logs.
        const t = library[Math.floor(library.length * r() ** 3)]!;
        artist = t.artist;
        title = t.title;
        if (roll < 0.1) title += ' - Remastered 2009';
        else if (roll < 0.15) artist = artist.toLowerCase().replace(/^the /, '');
        else if (roll < 0.18) artist += ' feat. Someone Else';
      } else {
        artist = `Stranger ${Math.floor(r() * 20_000)}`;
        title = `${words(2, r)}`;
      }
      lines.push(`${uts},"${when}",${artist},,Some Album,,${title},`);
      if (lines.length === 10_000) {
        writeSync(out, lines.join('\n') + '\n');
        lines = [];
      }
    }
    writeSync(out, lines.join('\n') + '\n');
    closeSync(out);

    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { files } = await importHistory(db, [csv], { profileId: 1 });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const f = files[0]!;
    if (f.error) throw new Error(f.error);
    db.close();
    return {
      scrobbles: f.rows,
      libraryTracks: library.length,
      csvMiB: +(statSync(csv).size / 2 ** 20).toFixed(1),
      seconds: +seconds.toFixed(2),
      rowsPerSecond: Math.round(f.rows / seconds),
      // The machine is shared: CPU time shows the cost when wall time includes waiting for a core.
      cpuSeconds: +cpuSeconds.toFixed(2),
      rowsPerCpuSecond: Math.round(f.rows / cpuSeconds),
      loadAverage1m: +os.loadavg()[0]!.toFixed(1),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      imported: f.imported,
      matched: f.matched,
      unmatched: f.unmatched,
      goal: { rowsPerSecond: 50_000, peakRssMiB: 1024 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
