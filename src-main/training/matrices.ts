import { csrFromTriplets, type Csr } from '../../models/sparse';
import type { Db } from '../db/connection';
import { trainingPlays, type TrainingPlay } from '../db/training-data';

/**
 * The training matrices of DESIGN.md "Who the users are": one row per listening session, then one
 * row for the profile's whole history (the last row). Skipped plays are left out of the counts
 * (a skip says "not now", and counting it even down-weighted taught the model the tracks people
 * skip past); they still belong to their session, so they never split or merge sessions.
 */
export interface PlayMatrix<Col> {
  matrix: Csr;
  /** Rows 0 … sessions − 1 are sessions in time order; row `sessions` is the profile. */
  sessions: number;
  profileRow: number;
  /** Column → what it stands for. */
  columns: Col[];
}

export interface ArtistColumn {
  /** Normalised name: the key plays share across sources. */
  key: string;
  /** The spelling seen most often. */
  name: string;
}

export interface TrainingMatrices {
  /** Sessions × library tracks, from matched plays only. */
  tracks: PlayMatrix<number>;
  /** Sessions × artists, from every play (unmatched ones too): "outside your library" artists. */
  artists: PlayMatrix<ArtistColumn>;
}

export function matricesFromPlays(plays: readonly TrainingPlay[]): TrainingMatrices {
  const listened = plays.filter((p) => !p.skipped);
  // Session numbers stay dense even when a session held only skips or unmatched plays.
  const sessionRow = new Map<number, number>();
  const artistRow = new Map<number, number>();
  for (const p of listened) {
    if (!artistRow.has(p.session)) artistRow.set(p.session, artistRow.size);
    if (p.trackId !== null && !sessionRow.has(p.session))
      sessionRow.set(p.session, sessionRow.size);
  }

  const trackCol = new Map<number, number>();
  const tr: number[] = [];
  const tc: number[] = [];
  for (const p of listened) {
    if (p.trackId === null) continue;
    let c = trackCol.get(p.trackId);
    if (c === undefined) trackCol.set(p.trackId, (c = trackCol.size));
    tr.push(sessionRow.get(p.session)!, sessionRow.size); // the session, and the whole history
    tc.push(c, c);
  }

  const artistCol = new Map<string, number>();
  const spellings: Map<string, number>[] = [];
  const ar: number[] = [];
  const ac: number[] = [];
  for (const p of listened) {
    let c = artistCol.get(p.artistKey);
    if (c === undefined) {
      artistCol.set(p.artistKey, (c = artistCol.size));
      spellings.push(new Map());
    }
    const seen = spellings[c]!;
    seen.set(p.artist, (seen.get(p.artist) ?? 0) + 1);
    ar.push(artistRow.get(p.session)!, artistRow.size);
    ac.push(c, c);
  }

  const ones = (n: number) => new Float32Array(n).fill(1);
  return {
    tracks: {
      matrix: csrFromTriplets(sessionRow.size + 1, trackCol.size, tr, tc, ones(tr.length)),
      sessions: sessionRow.size,
      profileRow: sessionRow.size,
      columns: [...trackCol.keys()],
    },
    artists: {
      matrix: csrFromTriplets(artistRow.size + 1, artistCol.size, ar, ac, ones(ar.length)),
      sessions: artistRow.size,
      profileRow: artistRow.size,
      columns: [...artistCol.keys()].map((key, c) => ({
        key,
        name: mostCommon(spellings[c]!),
      })),
    },
  };
}

export function loadTrainingMatrices(db: Db, profileId: number): TrainingMatrices {
  return matricesFromPlays(trainingPlays(db, profileId));
}

/** The first `rows` rows of a matrix (sessions without the profile row), sharing its arrays. */
export function firstRows(m: Csr, rows: number): Csr {
  return {
    rows,
    cols: m.cols,
    indptr: m.indptr.subarray(0, rows + 1),
    indices: m.indices,
    data: m.data,
  };
}

function mostCommon(counts: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [name, n] of counts) if (n > bestCount) [best, bestCount] = [name, n];
  return best;
}
