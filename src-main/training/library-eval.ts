/**
 * `encore eval --db` (issue 4): the same evaluation on a library database's plays, over the rows
 * the app trains on (matrices.ts: listened plays of library tracks, cut into the sessions of
 * history-stats), so a figure here describes the model the Models screen trains.
 */
import { holdoutSplit } from '../../models/eval/split';
import { ItemIndex } from '../../models/item-index';
import type { Db } from '../db/connection';
import { trainingPlays, type TrainingPlay } from '../db/training-data';
import { firstRows, matricesFromPlays } from './matrices';
import { splitTrackSessions, type TrackData } from './track-eval';

export type LibrarySplitKind = 'holdout' | 'temporal';

export interface LibraryEvalData extends Pick<
  TrackData,
  'train' | 'test' | 'artistOf' | 'artists'
> {
  /** What the split did, for the JSON report. */
  split: Record<string, unknown>;
}

/**
 * `temporal`: the track-level protocol of track-eval.ts (the last 20 % of sessions are test rows,
 * the first half of each one's tracks given as history). `holdout`: the models.train job's own
 * check (train-job.ts), 20 % of the tracks of every session with at least 5 held out at random.
 */
export function libraryEvalData(
  db: Db,
  profileId: number,
  kind: LibrarySplitKind,
  seed: number,
): LibraryEvalData {
  const plays = trainingPlays(db, profileId);
  const matched = plays.filter((p) => p.trackId !== null);
  const unmatchedPlays = plays.length - matched.length;
  if (kind === 'temporal') {
    const data = temporalData(matched);
    return { ...data, split: { kind: 'sessions', ...data.protocol, unmatchedPlays } };
  }
  const { tracks } = matricesFromPlays(plays);
  const sessions = firstRows(tracks.matrix, tracks.sessions);
  const { train, test } = holdoutSplit(sessions, { fraction: 0.2, minItems: 5, seed });
  const artistOfTrack = new Map(matched.map((p) => [p.trackId!, p.artistKey]));
  const artists = new ItemIndex();
  const artistOf = Int32Array.from(tracks.columns, (id) =>
    artists.indexOf(artistOfTrack.get(id) ?? ''),
  );
  let testPlays = 0;
  let testRows = 0;
  for (let r = 0; r < test.rows; r++) {
    if (test.indptr[r + 1]! > test.indptr[r]!) testRows++;
    for (let q = test.indptr[r]!; q < test.indptr[r + 1]!; q++) testPlays += test.data[q]!;
  }
  return {
    train,
    test,
    artistOf,
    artists: artists.size,
    split: {
      kind: 'holdout',
      fraction: 0.2,
      minItems: 5,
      seed,
      sessions: tracks.sessions,
      evaluatedSessions: testRows,
      tracks: tracks.matrix.cols,
      artists: artists.size,
      heldPlays: testPlays,
      skippedPlays: matched.filter((p) => p.skipped).length,
      unmatchedPlays,
    },
  };
}

/** Sessions of listened plays, items keyed artist NUL track id (the artist before the NUL). */
function temporalData(matched: readonly TrainingPlay[]): TrackData {
  const index = new ItemIndex();
  const sessions: { start: number; items: number[] }[] = [];
  let current = -1;
  for (const p of matched) {
    if (p.skipped) continue;
    if (p.session !== current) {
      sessions.push({ start: p.session, items: [] });
      current = p.session;
    }
    sessions.at(-1)!.items.push(index.indexOf(`${p.artistKey}\u0000${p.trackId}`));
  }
  return splitTrackSessions(
    sessions.map((s) => ({ start: s.start, items: Int32Array.from(s.items) })),
    index.keys,
    {},
    { plays: matched.length, skippedPlays: matched.filter((p) => p.skipped).length },
  );
}
