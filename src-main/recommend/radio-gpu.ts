/**
 * The GPU path of the radio's training (issue 6). tfjs is fast only on a GPU backend, and the GPU
 * belongs to a renderer (WebGL there; Node has none without tfjs-node), so the renderer trains:
 * `radio.trainingSet` gives it the library's latest sessions within the training budget (all of
 * them up to a long history), a worker trains the same GRU with tfjs
 * (models/nextsong/gpu/gru-tf.ts), and `radio.adoptModel` takes the weights back. The engine
 * trusts nothing it is handed: the bytes must load as a GRU over exactly the tracks it was given,
 * every one of them a library track of the training set; then the blend weights are chosen on
 * the latest sessions as for a CPU-trained GRU, and the model is kept as the active radio GRU.
 */
import type { Db } from '../db/connection';
import type { Engine } from '../engine';
import type { Handlers } from '../api/handlers';
import { unpack } from '../../models/nextsong/bytes';
import { GruModel } from '../../models/nextsong/gru/model';
import { librarySessions } from './radio-session-model';
import {
  adoptRadioGru,
  budgetedFull,
  GPU_PASSES_PER_EPOCH,
  trainable,
  type RadioTrainResult,
} from './radio-gru';
import { defaultGruConfig } from '../../models/nextsong/gru/params';
import {
  DEFAULT_TRAINING_BUDGET,
  type TrainingBudget,
} from '../../models/nextsong/training-budget';

export interface TrainingSet {
  /** Library track id of each item number the sessions use (only the tracks they play). */
  trackIds: number[];
  /** The latest sessions, oldest first, that fit the training budget. */
  sessions: { items: number[]; skipped: number[] }[];
  /** GRU settings to train with (the engine's defaults when empty). */
  config: { units?: number; epochs?: number };
  /** Older plays the budget left out (0: the whole history is here). */
  leftOut: number;
}

export interface Adopted extends RadioTrainResult {
  backend: string;
}

const NO_SESSIONS =
  'No listening sessions of library tracks yet: play some music or import your history, then train the radio.';

/** The latest sessions within the training budget (radio-gru.ts `GPU_PASSES_PER_EPOCH`). */
export function radioTrainingSet(
  db: Db,
  profileId: number,
  budget: TrainingBudget = DEFAULT_TRAINING_BUDGET,
): TrainingSet {
  const lib = librarySessions(db, profileId);
  const plan = budgetedFull(
    trainable(lib.sessions),
    lib.trackIds,
    defaultGruConfig.epochs,
    budget,
    GPU_PASSES_PER_EPOCH,
  );
  if (plan.sessions.length === 0) throw new Error(NO_SESSIONS);
  return {
    trackIds: Array.from(plan.trackIds),
    sessions: plan.sessions.map((s) => ({
      items: Array.from(s.items),
      skipped: Array.from(s.skipped),
    })),
    config: plan.epochs === defaultGruConfig.epochs ? {} : { epochs: plan.epochs },
    leftOut: plan.leftOut,
  };
}

export interface AdoptInput {
  trackIds: number[];
  model: string;
  backend: string;
  trainSeconds: number;
}

/** Every array the size its header claims, every weight a finite number. */
function checkShapes(n: number, H: number, bytes: Uint8Array): void {
  if (!Number.isInteger(H) || H < 1 || H > 1024) throw new Error(`${H} units is out of range`);
  const expected: Record<string, number> = {
    wx: H * 3 * H,
    wh: H * 3 * H,
    bx: 3 * H,
    bh: 3 * H,
    inEmb: n * H,
    outBias: n,
  };
  const { arrays } = unpack(bytes, 'gru');
  for (const [name, array] of Object.entries(arrays)) {
    const length = name === 'outEmb' ? n * H : expected[name];
    if (length === undefined) throw new Error(`unexpected array "${name}"`);
    if (array.length !== length)
      throw new Error(`"${name}" has ${array.length} values, not ${length}`);
    if (!array.every(Number.isFinite))
      throw new Error(`"${name}" holds a value that is not finite`);
  }
  for (const name of Object.keys(expected))
    if (!arrays[name]) throw new Error(`the "${name}" array is missing`);
}

/** Checks an uploaded GRU against the library, then weighs and keeps it (see the file comment). */
export async function adoptGpuModel(
  db: Db,
  dbPath: string,
  profileId: number,
  input: AdoptInput,
): Promise<Adopted> {
  const bytes = new Uint8Array(Buffer.from(input.model, 'base64'));
  let model: GruModel;
  try {
    model = GruModel.fromBytes(bytes);
    checkShapes(model.itemCount, model.config.units, bytes);
  } catch (e) {
    throw new Error(`The uploaded model is not a next-song GRU: ${(e as Error).message}`);
  }
  if (model.itemCount !== input.trackIds.length)
    throw new Error(
      `The uploaded GRU scores ${model.itemCount} items but came with ${input.trackIds.length} track ids.`,
    );
  if (new Set(input.trackIds).size !== input.trackIds.length)
    throw new Error('The uploaded GRU names a track twice: each of its items must be one track.');
  const known = new Set(librarySessions(db, profileId).trackIds);
  const stranger = input.trackIds.find((id) => !known.has(id));
  if (stranger !== undefined)
    throw new Error(`Track ${stranger} of the uploaded GRU is not in this library's sessions.`);
  const result = await adoptRadioGru(db, {
    dbPath,
    profileId,
    trackIds: Int32Array.from(input.trackIds),
    bytes,
    trainSeconds: input.trainSeconds,
    backend: input.backend,
  });
  return { ...result, backend: input.backend };
}

/**
 * The two GPU-path calls of the contract; `adopted` runs after a model is kept (the radio drops
 * its cached GRU so the next pick uses the new one).
 */
export function radioGpuHandlers(
  engine: Engine,
  adopted: () => void,
): Pick<Handlers, 'radio.trainingSet' | 'radio.adoptModel'> {
  return {
    'radio.trainingSet': () => radioTrainingSet(engine.db, engine.profileId),
    'radio.adoptModel': async (input) => {
      const result = await adoptGpuModel(engine.db, engine.options.dbPath, engine.profileId, input);
      adopted();
      return result;
    },
  };
}
