/** Fit one next-song model on a split and evaluate it: what `encore eval-next` prints. */
import type { SessionSplit } from '../../models/nextsong/sessions';
import type { FitOptions } from '../../models/nextsong/model';
import { evaluateNextSong, type NextSongMetrics } from '../../models/nextsong/eval';
import { createNextSongModel, type NextSongModelName } from '../../models/nextsong/registry';
import type { GruConfig } from '../../models/nextsong/gru/params';

export interface NextSongReport {
  model: NextSongModelName;
  sessions: { train: number; test: number };
  items: number;
  /** Ranked (prefix, next track) events in the test sessions. */
  events: number;
  metrics: NextSongMetrics;
  trainSeconds: number;
  evalSeconds: number;
}

export async function evaluateNextSongModel(
  split: SessionSplit,
  name: NextSongModelName,
  gru: Partial<GruConfig> = {},
  options: FitOptions = {},
): Promise<NextSongReport> {
  const model = createNextSongModel(name, split.itemCount, gru);
  const started = performance.now();
  await model.fit(split.train, options);
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
  };
}
