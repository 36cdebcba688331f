// The radio's rules (issue 6), apart from the models and the database so that they can be read and
// tested on a small fake scorer: no repeats, artist spacing, and skips pushing neighbours down.

/** A track the scorers can put on the radio. */
export interface RadioCandidate {
  trackId: number;
  /** Normalised artist: what "the same artist" means for spacing. */
  artistKey: string;
  /** Blended score, higher first; only the order matters. */
  score: number;
}

export interface RadioRules {
  /** Tracks never to pick: the session, the last plays, what is already queued. */
  exclude: ReadonlySet<number>;
  /** Artists of the session's last tracks, oldest first (spacing continues across the queue). */
  recentArtists: readonly string[];
  /**
   * How much each track is like something skipped in this session, 0 … 1. A skip pushes its
   * neighbours down at once: their score is scaled by (1 − similarity).
   */
  skipSimilarity: (trackId: number) => number;
  n: number;
}

/** Tracks in a row by one artist, at most (issue 6). */
export const MAX_ARTIST_RUN = 2;
/** Plays a track must be away from its last play before the radio picks it again (issue 6). */
export const NO_REPEAT_PLAYS = 50;

/** True when one more track by `artist` would make a run longer than MAX_ARTIST_RUN. */
function breaksSpacing(tail: readonly string[], artist: string): boolean {
  if (tail.length < MAX_ARTIST_RUN) return false;
  return tail.slice(-MAX_ARTIST_RUN).every((a) => a === artist);
}

/**
 * Picks `n` tracks: best adjusted score first, skipping excluded tracks, and passing over a
 * track whose artist would run too long while a different artist is still available. When every
 * remaining candidate is by the running artist (a one-artist library), the run is allowed rather
 * than ending the radio.
 */
export function pickRadio<C extends RadioCandidate>(
  candidates: readonly C[],
  rules: RadioRules,
): C[] {
  const pool = candidates
    .filter((c) => !rules.exclude.has(c.trackId))
    .map((c) => ({ ...c, score: c.score * (1 - clamp01(rules.skipSimilarity(c.trackId))) }))
    .sort((a, b) => b.score - a.score || a.trackId - b.trackId);
  const tail = [...rules.recentArtists];
  const picked: C[] = [];
  const taken = new Set<number>();
  while (picked.length < rules.n && taken.size < pool.length) {
    let choice = pool.find((c) => !taken.has(c.trackId) && !breaksSpacing(tail, c.artistKey));
    choice ??= pool.find((c) => !taken.has(c.trackId));
    if (!choice) break;
    taken.add(choice.trackId);
    picked.push(choice);
    tail.push(choice.artistKey);
  }
  return picked;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

// Scores scaled so the best is 1 (one definition, shared with the weight choice).
export { scaleToUnit } from '../../models/nextsong/taste-weight';
