/** Next-song models by name: create one for a catalogue, or load one from its bytes. */
import type { NextSongModel } from './model';
import { peekKind } from './bytes';
import { PopularityModel } from './baselines/popularity';
import { MarkovModel } from './baselines/markov';
import { SknnModel } from './baselines/sknn';
import { GruModel } from './gru/model';
import type { GruConfig } from './gru/params';
import { BlendModel } from './blend';

export const nextSongModelNames = ['gru', 'markov', 'rules', 'sknn', 'pop', 'blend'] as const;
export type NextSongModelName = (typeof nextSongModelNames)[number];

/**
 * `rules` is sequential rules over 3 steps; `blend` is the GRU with sequential rules and session-kNN
 * at fixed weights (hand-set on the Last.fm export). `eval-next --model blend` and `radio.train`
 * choose the weights on the data itself instead (blend-fit.ts).
 */
export function createNextSongModel(
  name: NextSongModelName,
  itemCount: number,
  gru: Partial<GruConfig> = {},
): NextSongModel {
  switch (name) {
    case 'pop':
      return new PopularityModel(itemCount);
    case 'markov':
      return new MarkovModel(itemCount, 1);
    case 'rules':
      return new MarkovModel(itemCount, 3);
    case 'sknn':
      return new SknnModel(itemCount);
    case 'gru':
      return new GruModel(itemCount, gru);
    case 'blend':
      return new BlendModel([
        { model: new GruModel(itemCount, gru), weight: 1, normalise: 'softmax' },
        { model: new MarkovModel(itemCount, 3), weight: 0.5, normalise: 'sum' },
        { model: new SknnModel(itemCount), weight: 1, normalise: 'sum' },
      ]);
  }
}

export function loadNextSongModel(bytes: Uint8Array): NextSongModel {
  const kind = peekKind(bytes);
  switch (kind) {
    case 'pop':
      return PopularityModel.fromBytes(bytes);
    case 'markov':
      return MarkovModel.fromBytes(bytes);
    case 'sknn':
      return SknnModel.fromBytes(bytes);
    case 'gru':
      return GruModel.fromBytes(bytes);
    case 'blend':
      return BlendModel.fromBytes(bytes, loadNextSongModel);
    default:
      throw new Error(`unknown next-song model kind "${kind}"`);
  }
}
