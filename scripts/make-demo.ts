/**
 * Writes Encore's bundled demo library into resources/demo: short synthesized songs by eight
 * fictional artists (tagged, in several formats, `Artist/Album (Year)/NN - Title.ext`), a demo
 * listening history (history.json) and a README. Seeded: running it again writes the same bytes.
 *
 *   npm run demo:make
 *
 * Needs sox and ffmpeg on PATH. The pieces live in scripts/make-demo/.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artists, DEMO_SEED, demoTracks } from './make-demo/catalogue';
import { compose } from './make-demo/compose';
import { historyJson, simulateHistory } from './make-demo/history';
import { readme } from './make-demo/readme';
import { encode, renderWav, requireTools } from './make-demo/render';
import { Rng } from './make-demo/rng';
import { styles } from './make-demo/styles';
import { carriesMbids, verifyTags } from './make-demo/verify';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.join(root, 'resources', 'demo');

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
}

async function main(): Promise<void> {
  requireTools();
  const rng = new Rng(DEMO_SEED);
  const tracks = demoTracks();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'encore-demo-'));
  try {
    const artistMbid = new Map(
      artists.map((a) => [a.name, rng.fork(`mbid:artist:${a.name}`).uuid()]),
    );
    let seconds = 0;
    for (const [i, t] of tracks.entries()) {
      const own = rng.fork(`track:${t.relPath}`);
      // the WAV files are uncompressed, so they are the shortest
      const length = t.format === 'wav' ? 8 : Math.round(own.range(8.5, 11.5) * 10) / 10;
      const wav = path.join(work, `track-${i}.wav`);
      renderWav(compose(styles[t.style], own, length), wav, work);
      const file = path.join(outDir, t.relPath);
      mkdirSync(path.dirname(file), { recursive: true });
      const albumMbid = rng.fork(`mbid:album:${t.albumArtist}/${t.album}`).uuid();
      const ids = carriesMbids(t)
        ? {
            recording: own.uuid(),
            releaseTrack: own.uuid(),
            album: albumMbid,
            artist: artistMbid.get(t.artist) ?? '',
          }
        : null;
      encode(wav, file, t, ids);
      seconds += await verifyTags(file, t, ids ? albumMbid : null);
      for (const f of readdirSync(work)) rmSync(path.join(work, f));
      if (process.stdout.isTTY)
        process.stdout.write(`\r${i + 1}/${tracks.length} ${t.relPath.padEnd(90)}`);
    }
    if (process.stdout.isTTY) process.stdout.write('\n');
    const history = simulateHistory(tracks, rng.fork('history'));
    writeFileSync(path.join(outDir, 'history.json'), historyJson(history));
    writeFileSync(path.join(outDir, 'README.md'), readme(tracks, history.plays.length, DEMO_SEED));
    console.log(
      JSON.stringify({
        tracks: tracks.length,
        artists: artists.length,
        albums: new Set(tracks.map((t) => `${t.albumArtist}/${t.album}`)).size,
        audioSeconds: Math.round(seconds),
        plays: history.plays.length,
        bytes: folderBytes(outDir),
      }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
