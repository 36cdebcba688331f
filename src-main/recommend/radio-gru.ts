/**
 * The radio's GRU (issue 6): fitted on the library's own play sessions by the `radio.train` job,
 * on a worker thread (fitBlendInWorker), with the blend weights chosen on the latest sessions
 * (models/nextsong/blend-fit.ts), fine-tuned from the last GRU when it still fits, and saved beside the ALS model in the models folder as
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
import { fitBlendInWorker } from '../training/nextsong-fit';
import { GruModel } from '../../models/nextsong/gru/model';
import {
  BLEND_PARTS,
  DEFAULT_BLEND_WEIGHTS,
  VALIDATION_SHARE,
  validationStart,
} from '../../models/nextsong/blend-fit';
import { DEFAULT_TASTE_WEIGHT } from '../../models/nextsong/taste-weight';
import {
  budgetTraining,
  keptSessions,
  DEFAULT_TRAINING_BUDGET,
  type TrainingBudget,
} from '../../models/nextsong/training-budget';
import { defaultGruConfig } from '../../models/nextsong/gru/params';
import { modelsFolder } from '../training/model-store';
import { trackAlsParams } from '../training/track-eval';
import { librarySessions } from './radio-session-model';

export const RADIO_GRU_KIND = 'nextsong';

/** A trained GRU, the library track id of each of its items, and its blend weights. */
export interface RadioGru {
  modelId: number;
  trackIds: Int32Array;
  model: NextSongModel;
  /** Blend weights chosen by evaluation at training, in BLEND_PARTS order (gru, rules, sknn). */
  weights: number[];
  /** The radio's weight of the ALS score against that blend, chosen with them. */
  tasteWeight: number;
}

export interface RadioTrainOptions {
  dbPath: string;
  profileId: number;
  gru?: Partial<GruConfig>;
  /** Train afresh even when the last GRU could be fine-tuned on the new sessions. */
  full?: boolean;
  /** How much of a long history is trained on, in how many epochs (default: a few minutes). */
  budget?: TrainingBudget;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/** What the `radio.train` job returns. */
export interface RadioTrainResult {
  modelId: number;
  /**
   * `full`: trained afresh; `fine-tune`: the last GRU trained further on the sessions since;
   * `adopted`: trained elsewhere (the GPU path, radio-gpu.ts), only weighed here.
   */
  mode: 'full' | 'fine-tune' | 'adopted';
  sessions: number;
  /** Sessions the weights were chosen on and the GRU fine-tuned on (the latest, or the new). */
  validationSessions: number;
  tracks: number;
  /** Epochs the GRU was trained (or fine-tuned) for: the config's, or fewer on a long history. */
  epochs: number;
  /** Plays of the sessions trained on, and of older ones left out by the training budget. */
  plays: { trained: number; leftOut: number };
  trainSeconds: number;
  /** The blend weights chosen by evaluation. */
  weights: Record<(typeof BLEND_PARTS)[number], number>;
  /** HR@20 / MRR@20 of the chosen weights on the validation sessions; null: too few to choose. */
  validation: { hr20: number; mrr20: number; events: number } | null;
  /**
   * The radio's weight of the For You (ALS) score against the blend, chosen on the same
   * validation sessions with an ALS fitted on the sessions before them (DEFAULT_TASTE_WEIGHT when
   * there were none), and the HR@20 / MRR@20 of the radio's score with it.
   */
  taste: { weight: number; hr20: number; mrr20: number; events: number } | null;
  tasteWeight: number;
}

/** Sessions of two plays or more: a single play has no "next" to learn. */
export const trainable = (sessions: readonly Session[]) =>
  sessions.filter((s) => s.items.length > 1);

/**
 * Share of the new sessions' plays the last GRU must know for fine-tuning: below it the
 * listening has moved on and a fresh GRU learns it better than an old one patched.
 */
const FINE_TUNE_COVERAGE = 0.5;

export interface TrainPlan {
  mode: RadioTrainResult['mode'];
  trackIds: Int32Array;
  sessions: Session[];
  /** The GRU's epochs: of the base fit and refit, or of the fine-tuning. */
  epochs: number;
  leftOut: number;
  validationFrom?: number;
  initial?: Uint8Array;
  fineTuneEpochs?: number;
}

const playsOf = (sessions: readonly Session[]) => sessions.reduce((n, s) => n + s.items.length, 0);

/** Passes over each play per epoch of a full training: the base fit, then the refit on all. */
const FULL_PASSES = 2 - VALIDATION_SHARE;

/**
 * The GPU path (radio-gpu.ts) trains each play once per epoch (the engine weighs the blend
 * afterwards, on its own), within the same budget of play-passes as this engine's training: a
 * long history is cut to its latest sessions before it is sent, so neither the hand-over
 * (3,000,000 plays are tens of megabytes of JSON) nor the training grows with the years. The
 * budget was measured on the CPU trainer; how much more a GPU affords has not been measured.
 */
export const GPU_PASSES_PER_EPOCH = 1;

/**
 * The latest sessions that fit the training budget, with only the tracks they play numbered (a
 * track of a session left out would keep its random initial embedding: RemappedModel scores a
 * track the GRU does not know −∞ instead). `passesPerEpoch`: this engine's choose-then-refit by
 * default; the GPU path trains each play once per epoch.
 */
export function budgetedFull(
  sessions: readonly Session[],
  trackIds: Int32Array,
  epochs: number,
  budget: TrainingBudget,
  passesPerEpoch = FULL_PASSES,
): TrainPlan {
  const cut = budgetTraining(sessions, epochs, passesPerEpoch, budget);
  const kept = keptSessions(sessions, cut);
  const number = new Map<number, number>();
  const ids: number[] = [];
  const renumbered = kept.map((s) => ({
    ...s,
    items: s.items.map((it) => {
      let n = number.get(it);
      if (n === undefined) number.set(it, (n = ids.push(trackIds[it]!) - 1));
      return n;
    }),
  }));
  return {
    mode: 'full',
    trackIds: Int32Array.from(ids),
    sessions: renumbered,
    epochs: cut.epochs,
    leftOut: cut.leftOut,
  };
}

/**
 * Fine-tune when a GRU of the same size exists and knows most of what was played since it was
 * trained: its items keep their numbers, new tracks are numbered after them, and the new
 * sessions go last (they are the validation part and what it is fine-tuned on).
 */
async function planTraining(db: Db, options: RadioTrainOptions): Promise<TrainPlan> {
  const lib = librarySessions(db, options.profileId);
  const budget = options.budget ?? DEFAULT_TRAINING_BUDGET;
  const epochs = options.gru?.epochs ?? defaultGruConfig.epochs;
  const full = (): TrainPlan => budgetedFull(trainable(lib.sessions), lib.trackIds, epochs, budget);
  const row = activeModel(db, options.profileId, RADIO_GRU_KIND);
  const mark = Number(row?.metrics.lastPlayId ?? NaN);
  if (options.full || !row || !Number.isFinite(mark)) return full();
  const last = await loadRadioGru(db, options.dbPath, options.profileId).catch(() => null);
  if (!(last?.model instanceof GruModel)) return full();
  if (options.gru?.units !== undefined && options.gru.units !== last.model.config.units)
    return full();
  const number = new Map<number, number>();
  last.trackIds.forEach((id, i) => number.set(id, i));
  const ids = [...last.trackIds];
  const renumber = (s: Session): Session => ({
    ...s,
    items: s.items.map((it) => {
      const id = lib.trackIds[it]!;
      let n = number.get(id);
      if (n === undefined) number.set(id, (n = ids.push(id) - 1));
      return n;
    }),
  });
  const known = new Set(last.trackIds);
  const old: Session[] = [];
  const fresh: Session[] = [];
  let plays = 0;
  let covered = 0;
  lib.sessions.forEach((s, i) => {
    if (s.items.length < 2) return;
    if (lib.lastPlayIds[i]! <= mark) return void old.push(s);
    fresh.push(s);
    for (const it of s.items) {
      plays++;
      if (known.has(lib.trackIds[it]!)) covered++;
    }
  });
  if (fresh.length === 0 || covered < FINE_TUNE_COVERAGE * plays) return full();
  // Fine-tuning passes over the new sessions only; the older ones (the rules', session-kNN's and
  // the taste weight's base) are kept to what a full training would keep.
  const tune = budgetTraining(fresh, epochs, 1, budget);
  if (tune.leftOut > 0) return full();
  const window = budgetTraining([...old, ...fresh], epochs, FULL_PASSES, budget);
  const keptOld = window.from < old.length ? keptSessions(old, window) : [];
  const sessions = [...keptOld, ...fresh].map(renumber);
  return {
    mode: 'fine-tune',
    trackIds: Int32Array.from(ids),
    sessions,
    epochs: tune.epochs,
    leftOut: playsOf(old) - playsOf(keptOld),
    validationFrom: keptOld.length,
    initial: last.model.toBytes(),
    fineTuneEpochs: tune.epochs,
  };
}

export async function trainRadioGru(db: Db, options: RadioTrainOptions): Promise<RadioTrainResult> {
  return weighAndKeep(db, options, await planTraining(db, options), performance.now());
}

export interface AdoptOptions {
  dbPath: string;
  profileId: number;
  /** Library track id of each of the model's items. */
  trackIds: Int32Array;
  /** A GRU's bytes (models/nextsong/gru), trained elsewhere (the renderer's GPU path). */
  bytes: Uint8Array;
  trainSeconds: number;
  backend: string;
}

/**
 * Keeps a GRU trained elsewhere on this library's sessions as the active radio GRU, its blend
 * weights chosen on the latest sessions as for one trained here (without fine-tuning: it has
 * seen them, so its own weight comes out on the generous side). Sessions are numbered as its
 * items; plays of tracks it does not know are left out of them.
 */
export async function adoptRadioGru(db: Db, options: AdoptOptions): Promise<RadioTrainResult> {
  const lib = librarySessions(db, options.profileId);
  const number = new Map<number, number>();
  options.trackIds.forEach((id, i) => number.set(id, i));
  const sessions = trainable(
    lib.sessions.map((s) => {
      const keep = [...s.items.keys()].filter((j) => number.has(lib.trackIds[s.items[j]!]!));
      return {
        start: s.start,
        items: Int32Array.from(keep, (j) => number.get(lib.trackIds[s.items[j]!]!)!),
        skipped: Uint8Array.from(keep, (j) => s.skipped[j]!),
      };
    }),
  );
  // The rules and session-kNN are fitted on the latest sessions within the GPU's budget, about
  // the ones the GRU was trained on (radio-gpu.ts); the metrics report its epochs.
  const cut = budgetTraining(sessions, defaultGruConfig.epochs, GPU_PASSES_PER_EPOCH);
  const plan: TrainPlan = {
    mode: 'adopted',
    trackIds: options.trackIds,
    sessions: keptSessions(sessions, cut),
    epochs: cut.epochs,
    leftOut: cut.leftOut,
    initial: options.bytes,
    fineTuneEpochs: 0,
  };
  const result = await weighAndKeep(db, options, plan, performance.now());
  return { ...result, trainSeconds: options.trainSeconds + result.trainSeconds };
}

/** Fits (or fine-tunes, or only weighs) in a worker, saves the GRU and makes it active. */
async function weighAndKeep(
  db: Db,
  options: Omit<RadioTrainOptions, 'full'> & { backend?: string },
  plan: TrainPlan,
  started: number,
): Promise<RadioTrainResult> {
  const playMark = lastPlayId(db);
  const { trackIds, sessions } = plan;
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
        message:
          `epoch ${p.epoch} of ${p.epochs}, loss ${p.loss.toFixed(3)}` +
          (p.validationHr20 === undefined
            ? ''
            : `, validation HR@20 ${p.validationHr20.toFixed(3)}`),
      }),
  };
  const fitted = await fitBlendInWorker(
    {
      itemCount: trackIds.length,
      sessions,
      gru: { ...options.gru, ...(plan.mode === 'full' ? { epochs: plan.epochs } : {}) },
      ...(plan.validationFrom !== undefined ? { validationFrom: plan.validationFrom } : {}),
      ...(plan.initial ? { initial: plan.initial } : {}),
      ...(plan.fineTuneEpochs !== undefined ? { fineTuneEpochs: plan.fineTuneEpochs } : {}),
      tasteAls: trackAlsParams,
    },
    fit,
  );
  const trainSeconds = (performance.now() - started) / 1000;
  const file = await saveRadioGru(options.dbPath, trackIds, fitted.bytes);
  const weights = Object.fromEntries(
    BLEND_PARTS.map((p, i) => [p, fitted.weights[i] ?? DEFAULT_BLEND_WEIGHTS[i]!]),
  ) as RadioTrainResult['weights'];
  const s = fitted.search;
  const validation = s && { hr20: s.hr20, mrr20: s.mrr20, events: s.events };
  const t = fitted.taste;
  const taste = t && { weight: t.weight, hr20: t.hr20, mrr20: t.mrr20, events: t.events };
  const tasteWeight = taste?.weight ?? DEFAULT_TASTE_WEIGHT;
  const validationSessions =
    sessions.length - (plan.validationFrom ?? validationStart(sessions.length));
  const trainedPlays = playsOf(sessions);
  const modelId = insertActiveModel(db, {
    kind: RADIO_GRU_KIND,
    profileId: options.profileId,
    params: {
      model: 'gru',
      ...options.gru,
      mode: plan.mode,
      weights,
      tasteWeight,
      ...(options.backend ? { backend: options.backend } : {}),
    },
    metrics: {
      sessions: sessions.length,
      validationSessions,
      tracks: trackIds.length,
      epochs: plan.epochs,
      plays: trainedPlays,
      leftOutPlays: plan.leftOut,
      trainSeconds,
      lastPlayId: playMark,
      validation,
      taste,
    },
    file,
    trainedAt: Math.floor(Date.now() / 1000),
  });
  return {
    modelId,
    mode: plan.mode,
    sessions: sessions.length,
    validationSessions,
    tracks: trackIds.length,
    epochs: plan.epochs,
    plays: { trained: trainedPlays, leftOut: plan.leftOut },
    trainSeconds,
    weights,
    validation,
    taste,
    tasteWeight,
  };
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
  // Models trained before weights were chosen by evaluation carry none: the old hand-set ones.
  const stored = row.params.weights as Partial<Record<string, number>> | undefined;
  const weights = BLEND_PARTS.map((p, i) => stored?.[p] ?? DEFAULT_BLEND_WEIGHTS[i]!);
  const tasteWeight =
    typeof row.params.tasteWeight === 'number' ? row.params.tasteWeight : DEFAULT_TASTE_WEIGHT;
  return { modelId: row.id, trackIds, model, weights, tasteWeight };
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
