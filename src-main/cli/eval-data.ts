/** Where `encore eval` gets its train/test split from: a plays file, an export, or a library. */
import { existsSync } from 'node:fs';
import { holdoutSplit, type Split } from '../../models/eval/split';
import { ItemIndex } from '../../models/item-index';
import { nnz, type Csr } from '../../models/sparse';
import { openDb } from '../db/connection';
import { readInteractions, widen, type InteractionFormat } from '../training/interactions';
import { libraryEvalData, type LibrarySplitKind } from '../training/library-eval';
import type { RawPlay } from '../training/nextsong-data';
import { readHistoryFiles } from '../training/nextsong-history';
import { trackSplit, trainingPart, type TrackData } from '../training/track-eval';
import { UsageError } from './command';

export interface EvalData {
  train: Csr;
  test: Csr;
  split: Record<string, unknown>;
  /** Track-level data (--history, --db): each column's artist, for the extra metrics. */
  tracks: Pick<TrackData, 'train' | 'test' | 'artistOf' | 'artists'> | null;
  /**
   * The split tuning scores on, carved from the training side only: the same session protocol
   * run on the training sessions (--history), or null for a per-row hold-out of `train`.
   */
  validation: () => Split | null;
}

/** The profile every CLI command works on ('me', row 1 of migration 001). */
const ME = 1;

export function readEvalData(
  values: Record<string, unknown>,
  format: InteractionFormat,
  seed: number,
  numberOption: (name: string, fallback: number) => number,
): EvalData {
  const history = values.history as string[] | undefined;
  const sources = [history?.length, values.db, values.interactions ?? values.train].filter(Boolean);
  if (sources.length > 1)
    throw new UsageError('Give one of --history, --db, or --interactions / --train --test.');
  if (history?.length) return historyData(readHistoryFiles(history));
  if (typeof values.db === 'string') return libraryData(values.db, values.split, seed);
  if (values.split !== undefined)
    throw new UsageError('--split holdout|temporal goes with --db <library.db>.');
  return { ...readSplit(values, format, seed, numberOption), tracks: null, validation: () => null };
}

function historyData(plays: RawPlay[]): EvalData {
  const tracks = trackSplit(plays);
  return {
    train: tracks.train,
    test: tracks.test,
    split: { kind: 'sessions', ...tracks.protocol },
    tracks,
    validation: () => trackSplit(trainingPart(plays)),
  };
}

function libraryData(file: string, kind: unknown, seed: number): EvalData {
  const splitKind = (kind ?? 'temporal') as LibrarySplitKind;
  if (splitKind !== 'holdout' && splitKind !== 'temporal')
    throw new UsageError(`--split must be holdout or temporal, not "${String(kind)}".`);
  if (!existsSync(file)) throw new UsageError(`${file}: no such library database.`);
  const db = openDb(file, { readonly: true });
  try {
    const data = libraryEvalData(db, ME, splitKind, seed);
    if (nnz(data.train) === 0)
      throw new UsageError(`${file} holds no listened plays of library tracks to evaluate on.`);
    return {
      train: data.train,
      test: data.test,
      split: data.split,
      tracks: data,
      validation: () => null,
    };
  } finally {
    db.close();
  }
}

function readSplit(
  values: Record<string, unknown>,
  format: InteractionFormat,
  seed: number,
  numberOption: (name: string, fallback: number) => number,
): { train: Csr; test: Csr; split: Record<string, unknown> } {
  if (typeof values.train === 'string' || typeof values.test === 'string') {
    if (typeof values.train !== 'string' || typeof values.test !== 'string')
      throw new UsageError('--train and --test go together.');
    const rows = new ItemIndex();
    const cols = new ItemIndex();
    const train = readInteractions(values.train, format, rows, cols).matrix;
    const test = readInteractions(values.test, format, rows, cols).matrix;
    const [r, c] = [rows.size, cols.size];
    return {
      train: widen(train, r, c),
      test: widen(test, r, c),
      split: {
        kind: 'given',
        train: values.train,
        test: values.test,
        trainPlays: nnz(train),
        testPlays: nnz(test),
      },
    };
  }
  if (typeof values.interactions !== 'string')
    throw new UsageError(
      'Give --interactions <file>, --train <file> --test <file>, --history <export> or --db <library.db>.',
    );
  const fraction = numberOption('holdout', 0.2);
  const minItems = numberOption('min-items', 5);
  const { matrix } = readInteractions(values.interactions, format);
  const { train, test } = holdoutSplit(matrix, { fraction, minItems, seed });
  return {
    train,
    test,
    split: {
      kind: 'holdout',
      fraction,
      minItems,
      seed,
      rows: matrix.rows,
      items: matrix.cols,
      trainPlays: nnz(train),
      testPlays: nnz(test),
    },
  };
}
