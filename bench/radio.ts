/**
 * Radio latency (issue 6: next-track inference p95 < 20 ms with a 50,000-track library). A
 * generated library of 50,000 tracks (database rows, no files) and a listening history of
 * sessions — runs through albums and favourite artists, ~10 % skips, a long tail of taste — is
 * written once into .bench/radio/ (BENCH_RADIO_FRESH=1 rebuilds it). Then the engine opens it as
 * the app does and `radio.next` is called through the handlers with sessions of 1–20 tracks taken
 * from the history (some with skips), asking 5 tracks at a time:
 *   1. next-song rules + session-kNN alone (no model trained),
 *   2. with the For You ALS model trained (`models.train`),
 *   3. with the radio's GRU trained too (`radio.train`, 1 epoch: latency does not depend on the
 *      GRU's quality, and the full 10 epochs would take most of an hour on a shared machine).
 * Each reports the first call (catalogue read and session models fitted) apart, then p50 / p95 /
 * max ms over the calls after it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../models/random';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.bench', 'radio');
const dbFile = path.join(work, 'library.db');
const TRACKS = Number(process.env.BENCH_RADIO_TRACKS ?? 50_000);
const SESSIONS = Number(process.env.BENCH_RADIO_SESSIONS ?? 4_000);
const CALLS = Number(process.env.BENCH_RADIO_CALLS ?? 200);
const GRU_EPOCHS = Number(process.env.BENCH_RADIO_GRU_EPOCHS ?? 1);
const TRACKS_PER_ALBUM = 10;
const ALBUMS_PER_ARTIST = 4;
const VERSION = `1:${TRACKS}:${SESSIONS}`;

/** Index drawn ∝ 1/(i + 5)^s over n: a few favourites, a long tail. */
function zipf(random: () => number, n: number, s = 1.1): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += 1 / Math.pow(i + 5, s);
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

interface Generated {
  seconds: number;
  plays: number;
}

async function generate(): Promise<Generated | null> {
  const stamp = path.join(work, 'version');
  if (
    process.env.BENCH_RADIO_FRESH !== '1' &&
    existsSync(dbFile) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').startsWith(VERSION)
  )
    return null;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const { openDb } = await import('../src-main/db/connection');
  const started = performance.now();
  const db = openDb(dbFile);
  const random = mulberry32(11);
  const albums = Math.ceil(TRACKS / TRACKS_PER_ALBUM);
  const artists = Math.ceil(albums / ALBUMS_PER_ARTIST);
  const insertArtist = db.prepare('INSERT INTO artists (id, name, norm) VALUES (?, ?, ?)');
  const insertAlbum = db.prepare(
    'INSERT INTO albums (id, title, artist_id, norm, year) VALUES (?, ?, ?, ?, ?)',
  );
  const insertTrack = db.prepare(
    `INSERT INTO tracks (id, path, size, mtime_ms, title, artist, artist_id, album, album_id, track_no,
       duration_ms, added_at, updated_at)
     VALUES (?, ?, 4000000, 0, ?, ?, ?, ?, ?, ?, 240000, 1600000000000, 0)`,
  );
  const insertPlay = db.prepare(
    `INSERT INTO plays (profile_id, played_at, track_id, artist, title, album, source, source_key,
       ms_played, skipped) VALUES (1, ?, ?, ?, ?, ?, 'bench', ?, ?, ?)`,
  );
  const artistName = (ar: number) => `Artist ${ar}`;
  const albumName = (al: number) => `Album ${al}`;
  let plays = 0;
  db.transaction(() => {
    for (let ar = 0; ar < artists; ar++)
      insertArtist.run(ar + 1, artistName(ar), artistName(ar).toLowerCase());
    for (let al = 0; al < albums; al++) {
      const ar = Math.floor(al / ALBUMS_PER_ARTIST);
      insertAlbum.run(al + 1, albumName(al), ar + 1, `${ar}\x1f${al}`, 1960 + (al % 60));
      for (let n = 0; n < TRACKS_PER_ALBUM; n++) {
        const id = al * TRACKS_PER_ALBUM + n + 1;
        if (id > TRACKS) break;
        insertTrack.run(
          id,
          `/music/${ar}/${al}/${n}.mp3`,
          `Track ${id}`,
          artistName(ar),
          ar + 1,
          albumName(al),
          al + 1,
          n + 1,
        );
      }
    }
    // Sessions: an album run (in order), or a favourite artist's tracks, or a shuffle of
    // favourites; artists by a Zipf taste, so most of the library is played rarely or never.
    const artistPick = zipf(random, artists);
    const trackOf = (ar: number, al: number, n: number) =>
      Math.min(TRACKS, (ar * ALBUMS_PER_ARTIST + al) * TRACKS_PER_ALBUM + n + 1);
    let at = 1_600_000_000;
    for (let s = 0; s < SESSIONS; s++) {
      at += 3 * 3600 + Math.floor(random() * 40 * 3600);
      const length = 3 + Math.floor(random() * 22);
      const kind = random();
      const ar = artistPick();
      const al = Math.floor(random() * ALBUMS_PER_ARTIST);
      let n = Math.floor(random() * 5);
      for (let j = 0; j < length; j++) {
        let id: number;
        if (kind < 0.4) id = trackOf(ar, al, n++ % TRACKS_PER_ALBUM);
        else if (kind < 0.7) id = trackOf(ar, Math.floor(random() * 4), Math.floor(random() * 10));
        else id = trackOf(artistPick(), Math.floor(random() * 4), Math.floor(random() * 10));
        const skipped = random() < 0.1;
        const ar2 = Math.floor((id - 1) / (TRACKS_PER_ALBUM * ALBUMS_PER_ARTIST));
        const al2 = Math.floor((id - 1) / TRACKS_PER_ALBUM);
        insertPlay.run(
          at,
          id,
          artistName(ar2),
          `Track ${id}`,
          albumName(al2),
          String(plays),
          skipped ? 20_000 : 240_000,
          skipped ? 1 : 0,
        );
        at += skipped ? 20 : 240;
        plays++;
      }
    }
  })();
  db.pragma('optimize');
  db.close();
  writeFileSync(stamp, `${VERSION}:${plays}`);
  return { seconds: (performance.now() - started) / 1000, plays };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export async function run(): Promise<Record<string, unknown>> {
  const generated = await generate();
  const { Engine } = await import('../src-main/engine');
  const { createHandlers } = await import('../src-main/api/handlers');
  const { dispatch } = await import('../src-main/api/dispatch');
  const { librarySessions } = await import('../src-main/recommend/radio-session-model');
  // A copy, so the models trained here never change the generated library.
  const runFile = path.join(work, 'run.db');
  rmSync(path.join(work, 'models'), { recursive: true, force: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(runFile + suffix, { force: true });
  writeFileSync(runFile, readFileSync(dbFile));
  const engine = new Engine({ dbPath: runFile, host: 'direct' });
  const api = createHandlers(engine);
  const call = async (name: string, input: unknown) => {
    const r = await dispatch(api, name as never, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value;
  };
  const wait = async (jobId: string) => {
    const job = await engine.jobs.wait(jobId);
    if (job.state !== 'done') throw new Error(`job ${job.state}: ${job.error?.message}`);
    return job.result;
  };

  // Requests: a window of 1–20 tracks out of a real session, its skips marked as skips.
  const lib = librarySessions(engine.db, engine.profileId);
  const random = mulberry32(5);
  const requests = Array.from({ length: CALLS + 1 }, () => {
    const s = lib.sessions[Math.floor(random() * lib.sessions.length)]!;
    const length = Math.min(s.items.length, 1 + Math.floor(random() * 20));
    const from = Math.floor(random() * (s.items.length - length + 1));
    const history = [...s.items.subarray(from, from + length)].map((it) => lib.trackIds[it]!);
    const skipped = history.filter((_, j) => s.skipped[from + j]);
    return { history, ...(skipped.length ? { skipped } : {}), n: 5 };
  });
  const measure = async () => {
    const times: number[] = [];
    for (const req of requests) {
      const started = performance.now();
      const picks = (await call('radio.next', req)) as unknown[];
      times.push(performance.now() - started);
      if (picks.length === 0) throw new Error('radio.next picked nothing');
    }
    const first = times.shift()!;
    times.sort((a, b) => a - b);
    return {
      firstCallMs: round(first),
      p50Ms: round(percentile(times, 0.5)),
      p95Ms: round(percentile(times, 0.95)),
      maxMs: round(times.at(-1)!),
      calls: times.length,
      loadAverage: loadavg()[0],
    };
  };

  const note = (text: string) => process.stderr.write(`radio bench: ${text}\n`);
  note('rules + session-kNN');
  const rulesOnly = await measure();
  note('training the For You model');
  let t = performance.now();
  await wait(((await call('models.train', { kind: 'als' })) as { jobId: string }).jobId);
  const alsTrainSeconds = (performance.now() - t) / 1000;
  const withAls = await measure();
  note(`training the radio GRU (${GRU_EPOCHS} epoch)`);
  t = performance.now();
  const gruJob = await wait(
    ((await call('radio.train', { epochs: GRU_EPOCHS })) as { jobId: string }).jobId,
  );
  const gruTrainSeconds = (performance.now() - t) / 1000;
  const withGru = await measure();
  await engine.close();
  return {
    tracks: TRACKS,
    sessions: lib.sessions.length,
    plays: lib.sessions.reduce((n, s) => n + s.items.length, 0),
    playedTracks: lib.trackIds.length,
    generatedSeconds: generated?.seconds ?? null,
    requestTracks: 5,
    rulesOnly,
    withAls: { ...withAls, alsTrainSeconds },
    withAlsAndGru: { ...withGru, gruEpochs: GRU_EPOCHS, gruTrainSeconds, radioTrain: gruJob },
    goal: 'p95 < 20 ms',
  };
}
