/** Fit one next-song model on a split and evaluate it: what `encore eval-next` prints. */
import type { SessionSplit } from '../../models/nextsong/sessions';
import type { FitOptions } from '../../models/nextsong/model';
import { evaluateNextSong, type NextSongMetrics } from '../../models/nextsong/eval';
import { createNextSongModel, type NextSongModelName } from '../../models/nextsong/registry';
import type { GruConfig } from '../../models/nextsong/gru/params';
import type { NextSongModel } from '../../models/nextsong/model';
import {
  assembleBlend,
  BLEND_PARTS,
  fitSelectedBlend,
  type SelectedBlend,
  type SelectedBlendOptions,
} from '../../models/nextsong/blend-fit';

export interface NextSongReport {
  model: NextSongModelName;
  sessions: { train: number; test: number };
  items: number;
  /** Ranked (prefix, next track) events in the test sessions. */
  events: number;
  metrics: NextSongMetrics;
  trainSeconds: number;
  evalSeconds: number;
  /**
   * `blend` only: weights chosen on the latest 20 % of the training sessions (never the test),
   * with their validation HR@20 / MRR@20.
   */
  blend?: {
    weights: Record<string, number>;
    validation: { hr20: number; mrr20: number; events: number } | null;
    sessions: SelectedBlend['sessions'];
  };
}

export async function evaluateNextSongModel(
  split: SessionSplit,
  name: NextSongModelName,
  gru: Partial<GruConfig> = {},
  options: FitOptions & Pick<SelectedBlendOptions, 'finish'> = {},
): Promise<NextSongReport> {
  const started = performance.now();
  let model: NextSongModel;
  let blend: NextSongReport['blend'];
  if (name === 'blend') {
    const train = [...split.train].sort((a, b) => a.start - b.start);
    const selected = await fitSelectedBlend(train, split.itemCount, { ...options, gru });
    model = await assembleBlend(selected, train);
    const s = selected.search;
    blend = {
      weights: Object.fromEntries(BLEND_PARTS.map((p, i) => [p, selected.weights[i]!])),
      validation: s && { hr20: s.hr20, mrr20: s.mrr20, events: s.events },
      sessions: selected.sessions,
    };
  } else {
    model = createNextSongModel(name, split.itemCount, gru);
    await model.fit(split.train, options);
  }
  const fitted = performance.now();
  const { metrics, events } = evaluateNextSong(model, split.test, split.itemCount);
  return {
    model: name,
    sessions: { train: split.train.length, test: split.test.length },
    items: split.itemCount,
    events,
    metrics,
    trainSeconds: (fitted - started) / 1000,
    evalSeconds: (performance.now() - fitted) / 1000,
    ...(blend ? { blend } : {}),
  };
}
