// Planted session data shared by the weight-choice tests.
import type { Session } from '../../../models/nextsong/sessions';
import { mulberry32 } from '../../../models/random';

/** Tracks on the ring of `ringSessions`. */
export const RING_ITEMS = 300;

/**
 * Order without taste: 8-play sessions on a ring of 300 tracks where after track i comes i+1 (half
 * the time), i+2 or i+3. A first-order Markov chain learns it; nothing else is predictable.
 * Sessions start at `from`, `from + 1`, … (their time order).
 */
export function ringSessions(count: number, seed: number, from = 0): Session[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, n) => {
    const items = [Math.floor(random() * RING_ITEMS)];
    for (let j = 1; j < 8; j++) {
      const r = random();
      items.push((items[j - 1]! + (r < 0.5 ? 1 : r < 0.8 ? 2 : 3)) % RING_ITEMS);
    }
    return { start: from + n, items: Int32Array.from(items), skipped: new Uint8Array(8) };
  });
}

/** Sessions of 3–12 plays over `items` tracks that follow each other in runs (skips optional). */
export function runSessions(count: number, seed: number, items: number, skipRate = 0): Session[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, n) => {
    const length = 3 + Math.floor(random() * 10);
    const first = Math.floor(random() * items);
    return {
      start: n,
      items: Int32Array.from({ length }, (_, i) => (first + i) % items),
      skipped: Uint8Array.from({ length }, () => (skipRate > 0 && random() < skipRate ? 1 : 0)),
    };
  });
}
