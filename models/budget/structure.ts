import type { Csr } from '../sparse';

/**
 * The (row, artist) pairs a budget model conditions on. Only pairs with plays enter the likelihood:
 * given r_ua = 0 the multinomial over artist a's tracks says nothing.
 */
export interface ArtistPairs {
  /** Row u's pairs are `pairPtr[u] … pairPtr[u + 1] - 1`. */
  pairPtr: Int32Array;
  pairArtist: Int32Array;
  /** r_ua: the row's total plays of the artist's tracks. */
  pairTotal: Float64Array;
  /** For every non-zero of the matrix (CSR order), the index of its (row, artist) pair. */
  pairOfEntry: Int32Array;
  /** Artist a's tracks are `artistTracks[artistPtr[a]] … artistTracks[artistPtr[a + 1] - 1]`. */
  artistPtr: Int32Array;
  artistTracks: Int32Array;
}

export function artistPairs(matrix: Csr, artistOf: Int32Array, artists: number): ArtistPairs {
  if (artistOf.length !== matrix.cols) {
    throw new Error(`artistOf has ${artistOf.length} entries for ${matrix.cols} tracks.`);
  }
  const artistPtr = new Int32Array(artists + 1);
  for (let s = 0; s < artistOf.length; s++) {
    const a = artistOf[s]!;
    if (!(a >= 0 && a < artists))
      throw new Error(`Track ${s} has artist ${a}, outside 0…${artists - 1}.`);
    artistPtr[a + 1]!++;
  }
  for (let a = 0; a < artists; a++) artistPtr[a + 1]! += artistPtr[a]!;
  const artistTracks = new Int32Array(artistOf.length);
  const fill = artistPtr.slice(0, artists);
  for (let s = 0; s < artistOf.length; s++) artistTracks[fill[artistOf[s]!]!++] = s;

  const { rows, indptr, indices, data } = matrix;
  const pairPtr = new Int32Array(rows + 1);
  const pairOfEntry = new Int32Array(indices.length);
  const artistsSeen: number[] = [];
  const totals: number[] = [];
  const slot = new Int32Array(artists).fill(-1);
  for (let u = 0; u < rows; u++) {
    const first = artistsSeen.length;
    for (let p = indptr[u]!; p < indptr[u + 1]!; p++) {
      const a = artistOf[indices[p]!]!;
      if (slot[a] === -1) {
        slot[a] = artistsSeen.length;
        artistsSeen.push(a);
        totals.push(0);
      }
      pairOfEntry[p] = slot[a]!;
      totals[slot[a]!]! += data[p]!;
    }
    for (let q = first; q < artistsSeen.length; q++) slot[artistsSeen[q]!] = -1;
    pairPtr[u + 1] = artistsSeen.length;
  }
  return {
    pairPtr,
    pairArtist: Int32Array.from(artistsSeen),
    pairTotal: Float64Array.from(totals),
    pairOfEntry,
    artistPtr,
    artistTracks,
  };
}
