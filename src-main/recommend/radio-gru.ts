/**
 * The radio's GRU (issue 6): fitted on the library's own play sessions by the `radio.train` job,
 * on a worker thread (fitNextSongInWorker), and saved beside the ALS model in the models folder as
 * the profile's active `nextsong` model. The radio blends it with its rules and session-kNN once
 * it exists; until then the radio runs on those two alone.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/connection';
import { activeModel, insertActiveModel } from '../db/models';
import { lastPlayId } from '../db/training-data';
import type { JobProgress } from '../api/jobs';
import type { GruConfig } from '../../models/nextsong/gru/params';
import type { FitOptions, NextSongModel } from '../../models/nextsong/model';
import type { Session } from '../../models/nextsong/sessions';
import { loadNextSongModel } from '../../models/nextsong/registry';
import { fitNextSongInWorker } from '../training/nextsong-fit';
import { modelsFolder } from '../training/model-store';
import { librarySessions } from './radio-session-model';

export const RADIO_GRU_KIND = 'nextsong';

/** A trained GRU and the library track id of each of its items. */
export interface RadioGru {
  modelId: number;
  trackIds: Int32Array;
  model: NextSongModel;
}

export interface RadioTrainOptions {
  dbPath: string;
  profileId: number;
  gru?: Partial<GruConfig>;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

export interface RadioTrainResult {
  modelId: number;
  sessions: number;
  tracks: number;
  trainSeconds: number;
}

/** Sessions of two plays or more: a single play has no "next" to learn. */
const trainable = (sessions: readonly Session[]) => sessions.filter((s) => s.items.length > 1);

export async function trainRadioGru(db: Db, options: RadioTrainOptions): Promise<RadioTrainResult> {
  const started = performance.now();
  const playMark = lastPlayId(db);
  const { trackIds, sessions: all } = librarySessions(db, options.profileId);
  const sessions = trainable(all);
  if (sessions.length === 0)
    throw new Error(
      'No listening sessions of library tracks yet: play some music or import your history, then train the radio.',
    );
  const fit: FitOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (p) =>
      options.onProgress?.({
        done: p.done,
        total: 1,
        current: 'radio',
        message: `epoch ${p.epoch} of ${p.epochs}, loss ${p.loss.toFixed(3)}`,
      }),
  };
  const bytes = await fitNextSongInWorker('gru', trackIds.length, sessions, options.gru, fit);
  const trainSeconds = (performance.now() - started) / 1000;
  const file = await saveRadioGru(options.dbPath, trackIds, bytes);
  const modelId = insertActiveModel(db, {
    kind: RADIO_GRU_KIND,
    profileId: options.profileId,
    params: { model: 'gru', ...options.gru },
    metrics: {
      sessions: sessions.length,
      tracks: trackIds.length,
      trainSeconds,
      lastPlayId: playMark,
    },
    file,
    trainedAt: Math.floor(Date.now() / 1000),
  });
  return { modelId, sessions: sessions.length, tracks: trackIds.length, trainSeconds };
}

/**
 * File layout: item count N (i32), N library track ids (i32), then the model's own bytes. The
 * header is whole i32s, so the model bytes keep the alignment models/nextsong/bytes.ts expects.
 */
async function saveRadioGru(dbPath: string, trackIds: Int32Array, model: Uint8Array) {
  const folder = modelsFolder(dbPath);
  await mkdir(folder, { recursive: true });
  const file = `${RADIO_GRU_KIND}-${new Date().toISOString().replace(/[:.]/g, '-')}.encg`;
  const head = new Int32Array(1 + trackIds.length);
  head[0] = trackIds.length;
  head.set(trackIds, 1);
  const full = path.join(folder, file);
  await writeFile(`${full}.part`, Buffer.concat([new Uint8Array(head.buffer), model]));
  await rename(`${full}.part`, full);
  return file;
}

/** The profile's active radio GRU, or null when none was trained. */
export async function loadRadioGru(
  db: Db,
  dbPath: string,
  profileId: number,
): Promise<RadioGru | null> {
  const row = activeModel(db, profileId, RADIO_GRU_KIND);
  if (!row) return null;
  const buf = await readFile(path.join(modelsFolder(dbPath), row.file));
  // A fresh copy: the Buffer may sit unaligned inside Node's pool.
  const bytes = new Uint8Array(buf);
  const n = new Int32Array(bytes.buffer, 0, 1)[0]!;
  const trackIds = new Int32Array(bytes.buffer, 4, n).slice();
  const model = loadNextSongModel(bytes.slice(4 * (1 + n)));
  return { modelId: row.id, trackIds, model };
}

/**
 * A model trained on one item numbering, scoring in another: the radio's items are renumbered as
 * plays arrive, the GRU keeps the numbering it was trained on. Tracks it never saw score −∞ (so
 * nothing under a softmax); a prefix it knows nothing of leaves every score equal.
 */
export class RemappedModel implements NextSongModel {
  readonly kind = 'remapped';
  /** Radio item → the model's item, −1 when the model never saw the track. */
  private readonly toModel: Int32Array;

  constructor(
    private readonly model: NextSongModel,
    modelTrackIds: Int32Array,
    trackIds: Int32Array,
    readonly itemCount: number,
  ) {
    const col = new Map<number, number>();
    modelTrackIds.forEach((id, i) => col.set(id, i));
    this.toModel = new Int32Array(itemCount).fill(-1);
    trackIds.forEach((id, i) => (this.toModel[i] = col.get(id) ?? -1));
  }

  fit(): Promise<void> {
    return Promise.reject(new Error('a remapped model is trained by radio.train, not refitted'));
  }

  scoreNext(prefix: Int32Array): Float32Array {
    const known = Int32Array.from(
      [...prefix].map((it) => this.toModel[it] ?? -1).filter((it) => it >= 0),
    );
    const out = new Float32Array(this.itemCount);
    if (known.length === 0) return out;
    const scores = this.model.scoreNext(known);
    this.toModel.forEach((m, i) => (out[i] = m < 0 ? -Infinity : scores[m]!));
    return out;
  }

  toBytes(): Uint8Array {
    return this.model.toBytes();
  }
}
