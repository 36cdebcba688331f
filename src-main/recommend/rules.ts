// The For You rules, apart from the maths and the database so that they can be read and tested.

/**
 * Play count from which a track counts as "in heavy rotation" and is left out of For You: the
 * listener's top fifth of tracks by plays, and never fewer than 3 plays. Everything below stays
 * in as a possible rediscovery: on a small library every track has been played, and a list of
 * only never-played tracks would be empty.
 */
export function heavyRotationFrom(playCounts: Iterable<number>): number {
  const counts = [...playCounts].sort((a, b) => b - a);
  if (counts.length === 0) return Infinity;
  const top = counts[Math.max(0, Math.ceil(counts.length / 5) - 1)]!;
  return Math.max(3, top);
}

/**
 * The reasons worth showing: positive contributions other than the item itself, largest first,
 * at most `top` of them.
 */
export function pickReasons<T extends { item: number; share: number }>(
  contributions: readonly T[],
  self: number | null,
  top = 3,
): T[] {
  return contributions
    .filter((c) => c.item !== self && c.share > 0)
    .sort((a, b) => b.share - a.share)
    .slice(0, top);
}
