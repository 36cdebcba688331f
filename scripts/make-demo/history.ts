/**
 * A seeded simulation of one listener over the six months before the demo's fixed "today", in
 * Encore's own export format. The listener has three personas that own different hours of the
 * week, listens in sessions (a gap of more than 30 minutes between them), plays some albums in
 * order, skips about one play in ten, returns to favourites, spreads one artist's plays over many
 * songs while wearing out a single song of another, and plays a few songs that are not in the
 * library (so "missing from your library" has something to show).
 */
import type { Rng } from './rng';
import { artistByName, type DemoTrack, type PersonaName } from './catalogue';
import type { StyleName } from './styles';

export interface HistoryPlay {
  playedAt: string;
  artist: string;
  title: string;
  album: string;
  msPlayed: number;
}

export interface HistoryFile {
  format: 'encore-history';
  version: 1;
  plays: HistoryPlay[];
}

/** The demo's "today": history ends here; the period starts six months earlier. */
export const HISTORY_END = Date.UTC(2026, 9, 31);
export const HISTORY_START = Date.UTC(2026, 4, 1);
/** Afterglow Boulevard is "discovered" mid-period, so charts have a riser to show. */
const DISCOVERY = Date.UTC(2026, 6, 15);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Songs the listener played that the demo library does not have. */
const NOT_IN_LIBRARY: {
  artist: string;
  title: string;
  album: string;
  persona: PersonaName;
  weight: number;
}[] = [
  {
    artist: 'Pale Harbour Quartet',
    title: 'Morning Chorale',
    album: 'Chorales',
    persona: 'morning',
    weight: 0.5,
  },
  {
    artist: 'Mara Solenne',
    title: 'Glass Orchard',
    album: 'Glass Orchard',
    persona: 'evening',
    weight: 0.5,
  },
  {
    artist: 'Mara Solenne',
    title: 'Fieldnotes',
    album: 'Glass Orchard',
    persona: 'evening',
    weight: 0.3,
  },
  {
    artist: 'The Copper Foxes',
    title: 'Porch Light Radio (Live at the Lantern)',
    album: 'Live at the Lantern',
    persona: 'evening',
    weight: 0.4,
  },
  {
    artist: 'Kiln Circuit',
    title: 'Kiln Two',
    album: 'Pressure Systems (Remixes)',
    persona: 'night',
    weight: 0.5,
  },
  {
    artist: 'Orbital Hearth',
    title: 'Warm Machines',
    album: 'Warm Machines',
    persona: 'night',
    weight: 0.4,
  },
];

/** Typical song lengths per style, in seconds: the history pretends the demo songs are full length. */
const LENGTHS: Record<StyleName, [number, number]> = {
  ambient: [270, 420],
  piano: [150, 300],
  lofi: [120, 190],
  indie: [170, 250],
  folk: [180, 270],
  jazz: [240, 390],
  synthwave: [220, 300],
  techno: [330, 450],
};

/** How much each persona likes each of its artists. */
const ARTIST_WEIGHT: Record<string, number> = {
  'Lumen Tide': 1,
  'Clara Vennholt': 0.8,
  'Dusk Cassette': 0.7,
  'The Copper Foxes': 1,
  'Willow Fenwick': 0.8,
  'Ines Calloway Trio': 0.6,
  'Kiln Circuit': 1,
  'Neon Palisade': 0.9,
};

interface Song {
  artist: string;
  title: string;
  album: string;
  trackNo: number;
  persona: PersonaName;
  seconds: number;
  weight: number;
  favourite: boolean;
  inLibrary: boolean;
}

function songs(tracks: readonly DemoTrack[], rng: Rng): Song[] {
  const library = tracks.map((t): Song => {
    const [lo, hi] = LENGTHS[t.style];
    return {
      artist: t.artist,
      title: t.title,
      album: t.album,
      trackNo: t.trackNo,
      persona: artistByName(t.artist).persona,
      seconds: rng.int(lo, hi),
      weight: 0,
      favourite: false,
      inLibrary: true,
    };
  });
  for (const name of Object.keys(ARTIST_WEIGHT)) {
    const own = library.filter((s) => s.artist === name);
    // Zipf-like popularity inside an artist, in a seeded order: most artists have a few hits...
    const order = own.map((s) => ({ s, r: rng.next() })).sort((a, b) => a.r - b.r);
    order.forEach(({ s }, rank) => (s.weight = (ARTIST_WEIGHT[name] ?? 0) / (rank + 1) ** 0.9));
    // ...but Neon Palisade is played broadly, every song about as much as the next (breadth),
    if (name === 'Neon Palisade') own.forEach((s) => (s.weight = (ARTIST_WEIGHT[name] ?? 0) / 3));
    // while Willow Fenwick is one song played to death (depth).
    if (name === 'Willow Fenwick') {
      own.forEach((s) => (s.weight = s.title === 'Paper Boats' ? 2.2 : 0.05));
    }
    // the top song of each other artist is a favourite: more plays, fewer skips
    if (name !== 'Neon Palisade' && name !== 'Willow Fenwick' && order[0]) {
      order[0].s.favourite = true;
      order[0].s.weight *= 2;
    }
  }
  const missing = NOT_IN_LIBRARY.map((m): Song => ({
    ...m,
    trackNo: 1,
    // With no file there is no length to judge a skip by, and Encore then counts only plays of
    // four minutes or more as listened (plays.ts isSkip): these songs are long enough to pass.
    seconds: rng.int(245, 330),
    weight: m.weight * 0.12,
    favourite: false,
    inLibrary: false,
  }));
  return [...library, ...missing];
}

class Listener {
  private readonly recent: Song[] = [];
  readonly plays: HistoryPlay[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly catalogue: Song[],
  ) {}

  private weightOf(s: Song, at: number): number {
    return s.album === 'Afterglow Boulevard' && at < DISCOVERY ? s.weight * 0.1 : s.weight;
  }

  /** The next song in shuffle mode: weighted by taste, no song again within the last five. */
  private pick(persona: PersonaName, at: number): Song {
    const last = this.recent.at(-1);
    const fresh = this.catalogue.filter(
      (s) => s.persona === persona && !this.recent.slice(-5).includes(s),
    );
    // artist runs: a third of the time stay with the artist just heard, if they have more to like
    // (Willow Fenwick's one loved song must not drag the rest of her album along)
    const run = fresh.filter((s) => s.artist === last?.artist);
    const runWeight = run.reduce((sum, s) => sum + this.weightOf(s, at), 0);
    const pool = runWeight >= 0.3 && this.rng.chance(0.33) ? run : fresh;
    const candidates = pool.length > 0 ? pool : this.catalogue.filter((s) => s.persona === persona);
    return candidates[this.rng.weighted(candidates.map((s) => this.weightOf(s, at)))] as Song;
  }

  private albumRun(persona: PersonaName, at: number): Song[] {
    const albums = [
      ...new Set(
        this.catalogue.filter((s) => s.persona === persona && s.inLibrary).map((s) => s.album),
      ),
    ];
    const weights = albums.map((a) =>
      this.catalogue.filter((s) => s.album === a).reduce((sum, s) => sum + this.weightOf(s, at), 0),
    );
    const album = albums[this.rng.weighted(weights)];
    return this.catalogue
      .filter((s) => s.album === album && s.persona === persona)
      .sort((a, b) => a.trackNo - b.trackNo);
  }

  /** Plays one session from `start`; returns when it ended (ms since epoch). */
  session(persona: PersonaName, start: number, length: number): number {
    let at = start;
    const queue = this.rng.chance(0.25) ? this.albumRun(persona, at) : [];
    for (let i = 0; i < length || queue.length > 0; i++) {
      if (i >= length + 6) break; // an album started late in a session still ends the evening
      const song = queue.shift() ?? this.pick(persona, at);
      const skipChance = song.favourite ? 0.03 : 0.12;
      const skipped = this.rng.chance(skipChance);
      // a skip is a second or four, under half of even the shortest demo file, so Encore sees a skip
      const msPlayed = skipped
        ? this.rng.int(1_500, 3_900)
        : this.rng.chance(0.85)
          ? song.seconds * 1000
          : Math.round(song.seconds * 1000 * this.rng.range(0.55, 0.95));
      this.plays.push({
        playedAt: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
        artist: song.artist,
        title: song.title,
        album: song.album,
        msPlayed,
      });
      this.recent.push(song);
      if (this.recent.length > 20) this.recent.shift();
      at += msPlayed + this.rng.int(0, 4) * 1000;
    }
    return at;
  }
}

/** Morning on weekdays, evenings every day, Friday and Saturday nights: three personas. */
export function simulateHistory(tracks: readonly DemoTrack[], rng: Rng): HistoryFile {
  const listener = new Listener(rng, songs(tracks, rng));
  let lastEnd = 0;
  const session = (persona: PersonaName, planned: number, length: number): void => {
    // a new session only starts more than 30 minutes after the last one ended
    const start = Math.max(planned, lastEnd + 31 * MINUTE + rng.int(0, 20) * MINUTE);
    lastEnd = listener.session(persona, start, length);
  };
  for (let day = HISTORY_START; day < HISTORY_END; day += DAY) {
    const weekday = new Date(day).getUTCDay(); // 0 = Sunday
    const workday = weekday >= 1 && weekday <= 5;
    if (workday && rng.chance(0.8)) {
      session('morning', day + rng.int(7 * 60, 8 * 60 + 30) * MINUTE, rng.int(6, 13));
      if (rng.chance(0.3)) session('morning', lastEnd + rng.int(35, 70) * MINUTE, rng.int(3, 7));
    }
    if (!workday && rng.chance(0.5)) {
      // weekend daytime: either mood, outside the hours the personas own
      session(
        rng.pick(['morning', 'evening'] as const),
        day + rng.int(11 * 60, 14 * 60) * MINUTE,
        rng.int(4, 9),
      );
    }
    if (rng.chance(0.72)) {
      session('evening', day + rng.int(18 * 60, 19 * 60 + 30) * MINUTE, rng.int(6, 13));
      if (rng.chance(0.2)) session('evening', lastEnd + rng.int(40, 80) * MINUTE, rng.int(3, 6));
    }
    if ((weekday === 5 || weekday === 6) && rng.chance(0.88)) {
      session('night', day + rng.int(22 * 60 + 15, 23 * 60 + 15) * MINUTE, rng.int(12, 22));
    }
  }
  const plays = listener.plays
    .filter((p) => Date.parse(p.playedAt) < HISTORY_END)
    .sort((a, b) => a.playedAt.localeCompare(b.playedAt));
  return { format: 'encore-history', version: 1, plays };
}

/** The file's text: one play per line, so a regenerated history gives a readable diff. */
export function historyJson(history: HistoryFile): string {
  return (
    `{"format":"${history.format}","version":${history.version},"plays":[\n` +
    history.plays.map((p) => JSON.stringify(p)).join(',\n') +
    '\n]}\n'
  );
}
