/**
 * Within-artist ranking (issue 5): when a row goes back to an artist it already knows, does the
 * model pick the right track of theirs? A model that only learned "this listener likes X" ranks
 * X's tracks no better than chance; the artist-budget model claims to do better.
 */

/** Every artist's tracks, grouped: artist a's are `tracks[indptr[a]] … tracks[indptr[a + 1] - 1]`. */
export interface ArtistTracks {
  indptr: Int32Array;
  tracks: Int32Array;
}

export function groupByArtist(artistOf: ArrayLike<number>, artists: number): ArtistTracks {
  const indptr = new Int32Array(artists + 1);
  for (let t = 0; t < artistOf.length; t++) indptr[artistOf[t]! + 1]!++;
  for (let a = 0; a < artists; a++) indptr[a + 1]! += indptr[a]!;
  const at = indptr.slice(0, artists);
  const tracks = new Int32Array(artistOf.length);
  for (let t = 0; t < artistOf.length; t++) tracks[at[artistOf[t]!]!++] = t;
  return { indptr, tracks };
}

/**
 * One row's share of the metric, as a ratio `num / den` so rows can be pooled and bootstrapped.
 * For every held-out track whose artist the row's training part already has, the track's
 * percentile among that artist's tracks the row has not played in training (0 = ranked first,
 * 1 = last, ties count half, so chance is 0.5 — the same direction as the expected percentile
 * rank), weighted by its held-out plays. Tracks that are their artist's only candidate say
 * nothing about ranking and are left out.
 */
export function withinArtistRow(
  scores: ArrayLike<number>,
  seen: ArrayLike<number>,
  heldItems: ArrayLike<number>,
  heldCounts: ArrayLike<number>,
  artistOf: ArrayLike<number>,
  groups: ArtistTracks,
): { num: number; den: number } {
  const seenSet = new Set<number>();
  const knownArtists = new Set<number>();
  for (let q = 0; q < seen.length; q++) {
    seenSet.add(seen[q]!);
    knownArtists.add(artistOf[seen[q]!]!);
  }
  let num = 0;
  let den = 0;
  for (let h = 0; h < heldItems.length; h++) {
    const item = heldItems[h]!;
    const artist = artistOf[item]!;
    if (!knownArtists.has(artist)) continue;
    const score = scores[item]!;
    let above = 0;
    let ties = 0;
    let others = 0;
    for (let p = groups.indptr[artist]!; p < groups.indptr[artist + 1]!; p++) {
      const track = groups.tracks[p]!;
      if (track === item || seenSet.has(track)) continue;
      others++;
      if (scores[track]! > score) above++;
      else if (scores[track]! === score) ties++;
    }
    if (others === 0) continue;
    const count = heldCounts[h]!;
    num += (count * (above + 0.5 * ties)) / others;
    den += count;
  }
  return { num, den };
}
