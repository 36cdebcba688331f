import { ItemKnnModel } from '../../models/baselines/itemknn';
import { PopularityModel } from '../../models/baselines/popularity';
import { RandomModel } from '../../models/baselines/random';
import type { AlsParams } from '../../models/als';
import type { FitOptions, Recommender } from '../../models/recommender';
import type { Csr } from '../../models/sparse';
import { fitAlsParallel } from './als-parallel';

export const modelNames = ['als', 'pop', 'itemknn', 'random'] as const;
export type ModelName = (typeof modelNames)[number];

export interface ModelSettings {
  als: AlsParams;
  /** Neighbours kept per item by item-kNN. */
  neighbours: number;
  seed: number;
  threads?: number;
}

/** Fits the named model; ALS runs on worker threads (the backend is chosen here, STYLE.md §9). */
export async function fitModel(
  name: ModelName,
  matrix: Csr,
  settings: ModelSettings,
  options: FitOptions = {},
): Promise<Recommender> {
  if (name === 'als') {
    return fitAlsParallel(matrix, settings.als, {
      ...options,
      ...(settings.threads ? { threads: settings.threads } : {}),
    });
  }
  const model =
    name === 'pop'
      ? new PopularityModel()
      : name === 'itemknn'
        ? new ItemKnnModel(settings.neighbours)
        : new RandomModel(settings.seed);
  await model.fit(matrix, options);
  return model;
}
