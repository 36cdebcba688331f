/** Fits a next-song model in a worker thread (nextsong-worker.ts) so no host's loop blocks. */
import type { Session } from '../../models/nextsong/sessions';
import type { FitOptions, FitProgress } from '../../models/nextsong/model';
import type { NextSongModelName } from '../../models/nextsong/registry';
import type { GruConfig } from '../../models/nextsong/gru/params';
import type { WeightSearchResult } from '../../models/nextsong/blend-search';
import type { TasteWeightResult } from '../../models/nextsong/taste-weight';
import type { AlsParams } from '../../models/als';
import { callFitWorker, type FitWorkerReply } from '../workers/fit-call';

export type FitRequest =
  | {
      type: 'fit';
      model: NextSongModelName;
      itemCount: number;
      sessions: readonly Session[];
      gru: Partial<GruConfig>;
    }
  | {
      /** The GRU of a blend whose weights are chosen by evaluation (models/nextsong/blend-fit). */
      type: 'fit-blend';
      itemCount: number;
      sessions: readonly Session[];
      gru: Partial<GruConfig>;
      validationFrom?: number;
      /** Passes over the validation sessions after the weights are chosen (0: none). */
      fineTuneEpochs?: number;
      /** The GRU trained last time (its bytes), to fine-tune rather than train afresh. */
      initial?: Uint8Array;
      /** Also choose the radio's taste (ALS) weight, with an ALS of these parameters. */
      tasteAls?: AlsParams;
    }
  | { type: 'cancel' };

export type FitReply = FitWorkerReply<
  FitProgress,
  {
    bytes: Uint8Array;
    weights?: number[];
    search?: WeightSearchResult | null;
    taste?: TasteWeightResult | null;
  }
>;

/** Resolves to the fitted model's bytes (load them with loadNextSongModel). */
export function fitNextSongInWorker(
  model: NextSongModelName,
  itemCount: number,
  sessions: readonly Session[],
  gru: Partial<GruConfig> = {},
  options: FitOptions = {},
): Promise<Uint8Array> {
  return runFit({ type: 'fit', model, itemCount, sessions, gru }, options).then((r) => r.bytes);
}

function runFit(
  request: Exclude<FitRequest, { type: 'cancel' }>,
  options: FitOptions,
): Promise<Extract<FitReply, { type: 'done' }>> {
  return callFitWorker<FitProgress, Omit<Extract<FitReply, { type: 'done' }>, 'type'>>(
    new URL('./nextsong-worker.ts', import.meta.url),
    request,
    options,
  );
}

export interface BlendFit {
  /** The GRU's bytes. */
  bytes: Uint8Array;
  /** Blend weights in BLEND_PARTS order (gru, rules, sknn). */
  weights: number[];
  search: WeightSearchResult | null;
  /** The radio's taste weight chosen with them (when `tasteAls` was given and events allowed). */
  taste: TasteWeightResult | null;
}

/** fitSelectedBlend in a worker thread: the GRU's bytes and the weights chosen. */
export function fitBlendInWorker(
  request: Omit<Extract<FitRequest, { type: 'fit-blend' }>, 'type'>,
  options: FitOptions = {},
): Promise<BlendFit> {
  return runFit({ type: 'fit-blend', ...request }, options).then((r) => ({
    bytes: r.bytes,
    weights: r.weights ?? [],
    search: r.search ?? null,
    taste: r.taste ?? null,
  }));
}
