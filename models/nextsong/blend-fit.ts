/**
 * The next-song blend (GRU + sequential rules + session-kNN) with its weights chosen by
 * evaluation (issue 6). The sessions are cut in time: the parts are fitted on the earlier ones and
 * the weights chosen on the latest ones (validation), which the parts have not seen. Then the GRU
 * is trained afresh on every session (`refit`, the default: the latest sessions are the ones that
 * matter most for what comes next, and a GRU that never learnt them well loses 0.14 HR@20 on the
 * Last.fm export, docs/nextsong.md), or fine-tuned on the validation sessions (cheaper), and the
 * rules and session-kNN are refitted on everything (they fit in well under a second).
 *
 * Incremental: given the GRU trained last time, the validation sessions are the ones it has not
 * seen (the new ones); it is weighed on them as it is, then fine-tuned on them.
 */
import type { FitOptions } from './model';
import { evaluateNextSong } from './eval';
import { restrictToKnownItems, type Session } from './sessions';
import { GruModel } from './gru/model';
import type { GruConfig } from './gru/params';
import { MarkovModel } from './baselines/markov';
import { SknnModel } from './baselines/sknn';
import { BlendModel, type BlendPart, type Normalise } from './blend';
import { searchBlendWeights, type WeightSearchResult } from './blend-search';
import {
  chooseTasteWeight,
  scaleToUnit,
  type PrefixScorer,
  type TasteWeightResult,
} from './taste-weight';

/** The parts in blend order, with how each is made a distribution. */
export const BLEND_PARTS = ['gru', 'rules', 'sknn'] as const;
const NORMALISE: Record<(typeof BLEND_PARTS)[number], Normalise> = {
  gru: 'softmax',
  rules: 'sum',
  sknn: 'sum',
};
/** The weights used before any evaluation (chosen by hand on the Last.fm export). */
export const DEFAULT_BLEND_WEIGHTS = [1, 0.5, 1];
/** The latest share of the sessions the weights are chosen on, when no GRU exists yet. */
export const VALIDATION_SHARE = 0.2;

/** Where the validation part starts by default: the latest VALIDATION_SHARE of `count` sessions. */
export const validationStart = (count: number) => count - Math.round(count * VALIDATION_SHARE);

/**
 * Trains a fresh GRU on `sessions`: by default the CPU trainer here (models/nextsong/gru/);
 * src-main/training/native-tf.ts gives one that trains the same model with tfjs-node on a GPU.
 */
export type GruFitter = (
  sessions: readonly Session[],
  itemCount: number,
  config: Partial<GruConfig>,
  options: FitOptions,
) => Promise<GruModel>;

export const cpuGruFitter: GruFitter = async (sessions, itemCount, config, options) => {
  const gru = new GruModel(itemCount, config);
  await gru.fit(sessions, options);
  return gru;
};

export interface SelectedBlendOptions extends FitOptions {
  gru?: Partial<GruConfig>;
  /** How a fresh GRU is trained (default `cpuGruFitter`); fine-tuning always runs on the CPU. */
  fitGru?: GruFitter;
  /** Sessions [validationFrom, …) are the validation part; default: the latest 20 %. */
  validationFrom?: number;
  /** A GRU trained before on sessions[0, validationFrom): fine-tuned, not trained afresh. */
  initial?: GruModel;
  /**
   * Fine-tuning passes over the validation sessions (default: the config's epochs); 0 weighs the
   * `initial` GRU as it is (one trained elsewhere, on every session: its weight is then judged
   * on sessions it has seen, and comes out on the generous side).
   */
  fineTuneEpochs?: number;
  /** Validation events used at most (the latest). */
  maxEvents?: number;
  /** After choosing: train a fresh GRU on every session (default without `initial`), or fine-tune. */
  finish?: 'refit' | 'fine-tune';
  /**
   * The radio's taste part (an ALS over the sessions given, taste-weight.ts): when given, its
   * weight against the chosen blend is chosen on the validation sessions too.
   */
  taste?: (base: readonly Session[]) => Promise<PrefixScorer>;
}

export interface SelectedBlend {
  gru: GruModel;
  /** In BLEND_PARTS order. */
  weights: number[];
  /** Null when the validation part held no event to choose on (default weights kept). */
  search: WeightSearchResult | null;
  /** The taste weight chosen, when `taste` was given and the validation part held events. */
  taste: TasteWeightResult | null;
  sessions: { base: number; validation: number };
}

/** `sessions` must be in time order. */
export async function fitSelectedBlend(
  sessions: readonly Session[],
  itemCount: number,
  options: SelectedBlendOptions = {},
): Promise<SelectedBlend> {
  const cut = options.validationFrom ?? validationStart(sessions.length);
  const base = sessions.slice(0, cut);
  const validation = sessions.slice(cut);
  const config = { ...options.gru };
  // Progress: the base fit is this share of the work, the refit or fine-tuning the rest.
  const refit = (options.finish ?? (options.initial ? 'fine-tune' : 'refit')) === 'refit';
  const gruShare = refit
    ? base.length / Math.max(1, base.length + sessions.length)
    : base.length / Math.max(1, sessions.length);
  const stage = (from: number, share: number): FitOptions => ({
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.gruHelper ? { gruHelper: options.gruHelper } : {}),
    ...(options.gruKernel ? { gruKernel: options.gruKernel } : {}),
    onProgress: (p) => options.onProgress?.({ ...p, done: from + share * p.done }),
  });

  const known = restrictToKnownItems(validation, base, itemCount);
  let gru: GruModel;
  const fitGru = options.fitGru ?? cpuGruFitter;
  if (options.initial) gru = options.initial.grownTo(itemCount);
  else {
    gru = await fitGru(
      base,
      itemCount,
      config,
      withValidation(stage(0, gruShare), latestSessions(known)),
    );
  }
  const rules = new MarkovModel(itemCount, 3);
  const sknn = new SknnModel(itemCount);
  await rules.fit(base);
  await sknn.fit(base);

  const parts: Omit<BlendPart, 'weight'>[] = [gru, rules, sknn].map((model, i) => ({
    model,
    normalise: NORMALISE[BLEND_PARTS[i]!],
  }));
  const search = searchBlendWeights(parts, known, { maxEvents: options.maxEvents ?? 500 });
  const chosen = search.events > 0 ? search : null;
  const weights = chosen ? chosen.weights : DEFAULT_BLEND_WEIGHTS;
  let taste: TasteWeightResult | null = null;
  if (options.taste && known.length > 0) {
    const blend = new BlendModel(parts.map((part, i) => ({ ...part, weight: weights[i]! })));
    const result = chooseTasteWeight(
      (prefix) => scaleToUnit(blend.scoreNext(prefix)),
      await options.taste(base),
      known,
      { maxEvents: options.maxEvents ?? 500 },
    );
    taste = result.events > 0 ? result : null;
  }

  const epochs = options.fineTuneEpochs ?? gru.config.epochs;
  const finish = options.finish ?? (options.initial ? 'fine-tune' : 'refit');
  if (finish === 'refit' && validation.length > 0) {
    gru = await fitGru(sessions, itemCount, config, stage(gruShare, 1 - gruShare));
  } else if (validation.length > 0 && epochs > 0)
    gru = await gru.fineTune(
      validation,
      epochs,
      stage(options.initial ? 0 : gruShare, options.initial ? 1 : 1 - gruShare),
    );
  return {
    gru,
    weights,
    search: chosen,
    taste,
    sessions: { base: base.length, validation: validation.length },
  };
}

/** Validation sessions scored after each epoch: the latest, up to this many events. */
const EPOCH_CHECK_EVENTS = 200;

/** The latest sessions holding up to EPOCH_CHECK_EVENTS events (at least one session). */
function latestSessions(sessions: readonly Session[]): Session[] {
  const sorted = [...sessions].sort((a, b) => a.start - b.start);
  let events = 0;
  let from = sorted.length;
  while (from > 0 && events < EPOCH_CHECK_EVENTS) events += sorted[--from]!.items.length - 1;
  return sorted.slice(from);
}

/**
 * Progress that carries the model's HR@20 on `check` after each finished epoch (issue 6: epoch,
 * loss, validation HR@20), so a listener sees the radio learn and not only a falling loss.
 */
function withValidation(options: FitOptions, check: readonly Session[]): FitOptions {
  if (check.length === 0) return options;
  let hr20: number | undefined;
  return {
    ...options,
    onProgress: (p) =>
      options.onProgress?.(hr20 === undefined ? p : { ...p, validationHr20: hr20 }),
    onEpoch: async (epoch, model) => {
      if (model) hr20 = evaluateNextSong(model, check, model.itemCount).metrics['hr@20'];
      await options.onEpoch?.(epoch, model);
    },
  };
}

/** The blend of a selected GRU with rules and session-kNN fitted on all `sessions`. */
export async function assembleBlend(
  selected: SelectedBlend,
  sessions: readonly Session[],
): Promise<BlendModel> {
  const n = selected.gru.itemCount;
  const rules = new MarkovModel(n, 3);
  const sknn = new SknnModel(n);
  await rules.fit(sessions);
  await sknn.fit(sessions);
  return new BlendModel(
    [selected.gru, rules, sknn].map((model, i) => ({
      model,
      weight: selected.weights[i]!,
      normalise: NORMALISE[BLEND_PARTS[i]!],
    })),
  );
}
