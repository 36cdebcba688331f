/**
 * Scale (issue 7): a generated profile of 200,000 tracks (database rows, no files) and 3,000,000
 * plays, written in one transaction with prepared statements into .bench/scale/ (kept between runs;
 * BENCH_SCALE_FRESH=1 rebuilds it; a kept one is brought to the current schema before measuring).
 * Then each phase in a fresh Node process, so that its peak RSS is its own:
 *   start    — opening the Engine and answering the first `library.tracks` page through
 *              `dispatch`, as the first screen asks for it (server side, page cache warm); then
 *              `queryTracks` for every query × sort order (both directions), REPEATS times each:
 *              p50 / p95 / max in ms, wall clock and this thread's CPU time (load-independent);
 *   train    — the app's `models.train` job ({kind: 'als'}) through the handlers;
 *   foryou   — For You's warm-up as the hosts start it after the first screen (model loads,
 *              fold-ins, counts), with a search every SEARCH_EVERY_MS meanwhile (how long each
 *              took, waiting for a stage included), then the For You screen's request it prepared;
 *              then `recommend.forYou` (limit 50, a request it did not prepare), FORYOU_REPEATS
 *              visits (p50 / p95 ms), then AFTER_PLAY_REPEATS visits with the screen's request
 *              (30 tracks), each right after a play recorded in the app (first plays, more
 *              plays, the same track again);
 *   budget   — `models.train` {kind: 'budget'}; radio — `radio.train` (the next-song GRU).
 * BENCH_SCALE_PHASES=start,train picks phases. Goals: start < 2 s, search < 50 ms, For You < 100 ms,
 * peak RSS < 2 GiB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.bench', 'scale');
const dbFile = path.join(work, 'profile.db');
const TRACKS = Number(process.env.BENCH_SCALE_TRACKS ?? 200_000);
const PLAYS = Number(process.env.BENCH_SCALE_PLAYS ?? 3_000_000);
const TRACKS_PER_ALBUM = 10;
const ALBUMS_PER_ARTIST = 4;
const REPEATS = 5;
const FORYOU_REPEATS = 20;
const AFTER_PLAY_REPEATS = 12;
const SORTS = ['artist', 'title', 'album', 'year', 'duration', 'added', 'plays'] as const;
const PHASES = (process.env.BENCH_SCALE_PHASES ?? 'start,train,foryou,budget,radio').split(',');
/** A phase still running after this long is stopped and reported with its last progress. */
const PHASE_LIMIT_S = Number(process.env.BENCH_SCALE_PHASE_LIMIT_S ?? 600);
const VERSION = `2:${TRACKS}:${PLAYS}`;
const QUERIES = ['', 'amber', 'moon river', 'Artist 1234', 'ha', 'e', 'lantern tide glass', 'zzzz'];
const WORDS =
  'amber blue cold dawn echo fire glass harbour iron jade kite lantern moon night ocean paper quiet river salt tide'.split(
    ' ',
  );

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same profile. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const words = (n: number, r: () => number) =>
  Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!).join(' ');

async function generate(): Promise<number> {
  const stamp = path.join(work, 'version');
  if (
    process.env.BENCH_SCALE_FRESH !== '1' &&
    existsSync(dbFile) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === VERSION
  ) {
    // Once, outside the timings: a user upgrading pays for a migration once, not every start.
    const { openDb } = await import('../src-main/db/connection');
    openDb(dbFile).close();
    return 0;
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const { openDb } = await import('../src-main/db/connection');
  const started = performance.now();
  const db = openDb(dbFile);
  const r = random(7);
  const insertArtist = db.prepare('INSERT INTO artists (id, name, norm) VALUES (?, ?, ?)');
  const insertAlbum = db.prepare(
    'INSERT INTO albums (id, title, artist_id, norm, year) VALUES (?, ?, ?, ?, ?)',
  );
  const insertTrack = db.prepare(
    `INSERT INTO tracks (id, path, size, mtime_ms, title, artist, artist_id, album, album_id, track_no,
       disc_no, year, genre, duration_ms, codec, added_at, updated_at)
     VALUES (?, ?, 4000000, 0, ?, ?, ?, ?, ?, ?, 1, ?, 'Rock', ?, 'MPEG 1 Layer 3', ?, 0)`,
  );
  const insertPlay = db.prepare(
    `INSERT INTO plays (profile_id, played_at, track_id, artist, title, album, source, source_key,
       ms_played, skipped) VALUES (1, ?, ?, ?, ?, ?, 'bench', ?, ?, 0)`,
  );
  const titles: { artist: string; title: string; album: string }[] = [];
  db.transaction(() => {
    const albums = Math.ceil(TRACKS / TRACKS_PER_ALBUM);
    for (let al = 0; al < albums; al++) {
      const ar = Math.floor(al / ALBUMS_PER_ARTIST);
      const artist = `Artist ${ar} ${words(2, r)}`;
      if (al % ALBUMS_PER_ARTIST === 0) insertArtist.run(ar + 1, artist, artist.toLowerCase());
      const album = `${words(2, r)} ${al}`;
      const year = 1960 + (al % 65);
      insertAlbum.run(al + 1, album, ar + 1, `${artist}\x1f${album}`.toLowerCase(), year);
      for (let n = 0; n < TRACKS_PER_ALBUM && titles.length < TRACKS; n++) {
        const id = titles.length + 1;
        const title = `${words(1 + (n % 3), r)} ${id}`;
        titles.push({ artist, title, album });
        insertTrack.run(
          id,
          `/music/${ar}/${al}/${n}.mp3`,
          title,
          artist,
          ar + 1,
          album,
          al + 1,
          n + 1,
          year,
          120_000 + Math.floor(r() * 240_000),
          1_600_000_000_000 + id,
        );
      }
    }
    // Zipf-like popularity, as in real logs: a few tracks get most plays. Listening sessions of 4 to
    // 60 plays, 30 s to 4 min apart, with 31 to 90 minutes of silence between them (the radio
    // learns from sessions: one unbroken 3,000,000-play session would be no listener's history).
    let at = 1_700_000_000;
    let left = 0;
    for (let i = 0; i < PLAYS; i++) {
      if (left-- === 0) {
        left = 3 + Math.floor(r() * 57);
        at -= 31 * 60 + Math.floor(r() * 59 * 60);
      } else at -= 30 + Math.floor(r() * 210);
      const id = Math.min(TRACKS, Math.floor(Math.pow(r(), 2.5) * TRACKS) + 1);
      const t = titles[id - 1]!;
      insertPlay.run(at, id, t.artist, t.title, t.album, String(i), 180_000);
    }
  })();
  db.pragma('optimize');
  db.close();
  writeFileSync(stamp, VERSION);
  return (performance.now() - started) / 1000;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const round = (ms: number) => Math.round(ms * 100) / 100;

// Process CPU time: the search runs on this thread and nothing else is busy meanwhile.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const stats = (times: number[]) => {
  const t = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(t, 0.5)), p95: round(percentile(t, 0.95)), max: round(t.at(-1)!) };
};
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function openEngine(file: string) {
  const { Engine } = await import('../src-main/engine');
  const { createHandlers } = await import('../src-main/api/handlers');
  const { dispatch } = await import('../src-main/api/dispatch');
  const engine = new Engine({ dbPath: file, host: 'direct' });
  // Progress on stderr: a phase stopped at its time limit still says how far it got.
  engine.jobs.onUpdate((job) =>
    console.error(
      JSON.stringify({
        job: job.kind,
        state: job.state,
        ...job.progress,
        atS: Math.round(performance.now() / 1000),
        peakRssMiB: peakRssMiB(),
      }),
    ),
  );
  const handlers = createHandlers(engine);
  const call = async (name: string, input: unknown) => {
    const r = await dispatch(handlers, name, input);
    if (!r.ok) throw new Error(`${name} failed: ${r.error.message}`);
    return r.value;
  };
  /** Runs a job call to its end: seconds, or the job's error. */
  const job = async (name: string, input: unknown) => {
    const t0 = performance.now();
    const { jobId } = (await call(name, input)) as { jobId: string };
    const info = await engine.jobs.wait(jobId);
    if (info.state !== 'done')
      throw new Error(`${name} ended ${info.state}: ${info.error?.message}`);
    return round((performance.now() - t0) / 1000);
  };
  return { engine, call, job };
}

/** Runs in a child process: the app's side of the numbers for one phase. */
async function measure(phase: string, file: string): Promise<Record<string, unknown>> {
  if (phase === 'start') return measureStart(file);
  const { engine, call, job } = await openEngine(file);
  try {
    if (phase === 'train')
      return { trainSeconds: await job('models.train', { kind: 'als' }), peakRssMiB: peakRssMiB() };
    if (phase === 'foryou') {
      const warmUp = await measureWarmUp(engine, call);
      // What the For You screen asks for (30 tracks, the local clock): the warm-up prepared it.
      const { forYouRequest } = await import('../src-renderer/screens/foryou/request');
      const screen = forYouRequest(new Date());
      const times: number[] = [];
      for (let i = 0; i < FORYOU_REPEATS; i++) {
        const t0 = performance.now();
        await call('recommend.forYou', { limit: 50 });
        times.push(performance.now() - t0);
        console.error(JSON.stringify({ job: 'forYou', call: i, ms: round(times.at(-1)!) }));
      }
      // A visit right after a play, as a listener goes on playing: the history changed, so what is
      // derived from it follows the play or is computed again (the model stays loaded). The plays
      // are deleted at the end, so the kept profile stays as generated.
      const { recordAppPlay } = await import('../src-main/db/plays');
      const afterPlay: number[] = [];
      const added: number[] = [];
      // Tracks spread over the library: some played often, some never (a first play joins the
      // history), and the same one again.
      const ids = engine.db.prepare('SELECT id FROM tracks ORDER BY id').pluck().all() as number[];
      for (let i = 0; i < AFTER_PLAY_REPEATS; i++) {
        const { id: playId } = recordAppPlay(engine.db, {
          profileId: engine.profileId,
          trackId: ids[i % 4 === 3 ? 0 : (i * 15_485_863) % ids.length]!,
          startedAtMs: Date.now() + i,
          msPlayed: 600_000,
        });
        added.push(playId);
        const t0 = performance.now();
        await call('recommend.forYou', screen);
        afterPlay.push(performance.now() - t0);
      }
      for (const id of added) engine.db.prepare('DELETE FROM plays WHERE id = ?').run(id);
      // The first call is a request the warm-up did not prepare (another limit) from the state it
      // left; the others are what a visit costs.
      return {
        warmUp,
        unpreparedRequestMs: round(times[0]!),
        ...stats(times.slice(1)),
        afterNewPlayMs: stats(afterPlay),
        peakRssMiB: peakRssMiB(),
      };
    }
    if (phase === 'budget')
      return {
        trainSeconds: await job('models.train', { kind: 'budget' }),
        peakRssMiB: peakRssMiB(),
      };
    if (phase === 'radio')
      return { trainSeconds: await job('radio.train', {}), peakRssMiB: peakRssMiB() };
    throw new Error(`Unknown phase ${phase}`);
  } finally {
    await engine.close();
  }
}

/** A search every this often while the warm-up runs, as a listener browsing the library. */
const SEARCH_EVERY_MS = 25;

/**
 * For You's warm-up right after start (src-main/recommend/warm-up.ts, as the hosts run it), with
 * a search every SEARCH_EVERY_MS meanwhile: what each search took, counting the time it waited for
 * a warm-up stage to yield; then the For You screen's own request, which it prepared.
 */
async function measureWarmUp(
  engine: Awaited<ReturnType<typeof openEngine>>['engine'],
  call: (name: string, input: unknown) => Promise<unknown>,
) {
  const { warmUp } = await import('../src-main/recommend/warm-up');
  const { queryTracks } = await import('../src-main/db/tracks');
  const { forYouRequest } = await import('../src-renderer/screens/foryou/request');
  const searches: number[] = [];
  let warming = true;
  const search = (expected: number, i: number) => {
    if (!warming) return;
    // From when it was due (its timer's time) to its answer: the wait for a stage, then the query.
    queryTracks(engine.db, { query: QUERIES[i % QUERIES.length]!, sort: 'artist', limit: 200 });
    searches.push(performance.now() - expected);
    const next = performance.now() + SEARCH_EVERY_MS;
    setTimeout(() => search(next, i + 1), SEARCH_EVERY_MS);
  };
  const first = performance.now() + SEARCH_EVERY_MS;
  setTimeout(() => search(first, 0), SEARCH_EVERY_MS);
  const report = await warmUp(engine, () => false);
  warming = false;
  if (report.outcome !== 'ready') throw new Error(`warm-up ${report.outcome}: ${report.error}`);
  const t0 = performance.now();
  await call('recommend.forYou', forYouRequest(new Date()));
  return {
    ms: round(report.ms),
    longestStageMs: round(report.longestStageMs),
    stagesMs: Object.fromEntries(Object.entries(report.stagesMs).map(([k, v]) => [k, round(v)])),
    waitedMs: Object.fromEntries(Object.entries(report.waitedMs).map(([k, v]) => [k, round(v)])),
    searchesDuring: searches.length,
    searchDuringMs: searches.length > 0 ? stats(searches) : null,
    forYouScreenMs: round(performance.now() - t0),
  };
}

async function measureStart(file: string): Promise<Record<string, unknown>> {
  const started = performance.now();
  const { engine, call } = await openEngine(file);
  const loadedMs = performance.now() - started;
  const first = (await call('library.tracks', { limit: 200 })) as { total: number };
  const startMs = performance.now() - started;

  const { queryTracks } = await import('../src-main/db/tracks');
  const wall: number[] = [];
  const cpu: number[] = [];
  const perQuery: Record<string, { p50: number; p95: number; hits: number }> = {};
  const perSort: Record<string, number[]> = {};
  for (const query of QUERIES) {
    const times: number[] = [];
    let hits = 0;
    for (const sort of SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (let i = 0; i < REPEATS; i++) {
          const [t0, c0] = [performance.now(), cpuMs()];
          hits = queryTracks(engine.db, { query, sort, dir, limit: 200 }).total;
          times.push(performance.now() - t0);
          cpu.push(cpuMs() - c0);
          (perSort[sort] ??= []).push(times.at(-1)!);
        }
      }
    }
    wall.push(...times);
    const { p50, p95 } = stats(times);
    perQuery[JSON.stringify(query)] = { p50, p95, hits };
  }
  await engine.close();
  const all = stats(wall);
  return {
    tracks: first.total,
    startMs: round(startMs),
    // Of which: loading the sources through tsx (the app loads one prebuilt bundle instead) …
    moduleLoadMs: round(loadedMs),
    // … and opening the db plus answering the first page.
    openToFirstPageMs: round(startMs - loadedMs),
    searches: wall.length,
    searchP50Ms: all.p50,
    searchP95Ms: all.p95,
    searchMaxMs: all.max,
    searchCpuMs: stats(cpu),
    perQuery,
    perSortP95Ms: Object.fromEntries(Object.entries(perSort).map(([k, v]) => [k, stats(v).p95])),
    peakRssMiB: peakRssMiB(),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const generateSeconds = await generate();
  const out: Record<string, unknown> = { plays: PLAYS };
  for (const phase of PHASES) {
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        './scripts/source-hooks.mjs',
        fileURLToPath(import.meta.url),
        '--measure',
        phase,
        dbFile,
      ],
      { cwd: root, encoding: 'utf8', timeout: PHASE_LIMIT_S * 1000, maxBuffer: 256 * 1024 * 1024 },
    );
    const lastLine = (text: string, start: string) =>
      text
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith(start));
    let figures: Record<string, unknown>;
    if (child.status === 0) figures = JSON.parse(lastLine(child.stdout, '{') ?? '{}');
    else if (child.error || child.signal) {
      const progress = JSON.parse(lastLine(child.stderr, '{"job"') ?? '{}') as object;
      const forYouCalls = child.stderr.split('\n').filter((l) => l.startsWith('{"job":"forYou"'));
      figures = {
        stopped: child.error ? `at the ${PHASE_LIMIT_S} s limit` : `by ${child.signal}`,
        lastProgress: progress,
        ...(forYouCalls.length > 0 && { forYouCallsMs: forYouCalls.map((l) => JSON.parse(l).ms) }),
      };
    } else figures = { failed: child.stderr.trim().split('\n').slice(-3).join(' ') };
    const key = {
      start: '',
      train: 'trainAls',
      foryou: 'forYouMs',
      budget: 'trainBudget',
      radio: 'trainRadio',
    }[phase];
    if (key) out[key] = figures;
    else Object.assign(out, figures);
  }
  return {
    ...out,
    generateSeconds: generateSeconds ? Math.round(generateSeconds * 10) / 10 : 'cached',
    // The machine may be shared: a load above its core count inflates every latency above.
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    goals: { startMs: 2000, searchMs: 50, forYouMs: 100, peakRssMiB: 2048 },
  };
}

if (process.argv[2] === '--measure' && import.meta.url === pathToFileURL(process.argv[1]!).href) {
  console.log(JSON.stringify(await measure(process.argv[3]!, process.argv[4]!)));
}
