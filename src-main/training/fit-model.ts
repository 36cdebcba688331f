import { ItemKnnModel } from '../../models/baselines/itemknn';
import { PopularityModel } from '../../models/baselines/popularity';
import { RandomModel } from '../../models/baselines/random';
import type { AlsParams } from '../../models/als';
import type { FitOptions, Recommender } from '../../models/recommender';
import type { Csr } from '../../models/sparse';
import { PersonaModel } from '../../models/persona/model';
import { BudgetModel } from '../../models/budget/model';
import type { BudgetParams } from '../../models/budget/fit';
import type { PersonaParams } from '../../models/persona/fit';
import { fitAlsParallel } from './als-parallel';

export const modelNames = ['als', 'persona', 'budget', 'pop', 'itemknn', 'random'] as const;
export type ModelName = (typeof modelNames)[number];

export interface ModelSettings {
  als: AlsParams;
  /** Neighbours kept per item by item-kNN. */
  neighbours: number;
  /** Persona settings beyond the shared ALS ones (factors, alpha, eps, lambda, iterations). */
  persona?: Pick<PersonaParams, 'personas' | 'assignment' | 'temperature'>;
  /** The artist-budget model needs every column's artist (track-level data only). */
  budget?: { artistOf: Int32Array; artists: number; params?: Partial<BudgetParams> };
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
  if (name === 'budget') {
    if (!settings.budget) throw new Error("The budget model needs each track's artist.");
    const { artistOf, artists, params } = settings.budget;
    const model = new BudgetModel(artistOf, artists, { seed: settings.seed, ...params });
    await model.fit(matrix, options);
    return model;
  }
  const model =
    name === 'persona'
      ? new PersonaModel({ ...settings.als, ...settings.persona, seed: settings.seed })
      : name === 'pop'
        ? new PopularityModel()
        : name === 'itemknn'
          ? new ItemKnnModel(settings.neighbours)
          : new RandomModel(settings.seed);
  await model.fit(matrix, options);
  return model;
}
