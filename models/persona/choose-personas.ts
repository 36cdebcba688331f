/**
 * How many personas a listener gets (issue 5: "P chosen by validation or set by the user, 1–8"):
 * fit P = 1 … maxPersonas on a training matrix, score each on a validation split carved from the
 * training side (never the test split), and keep the smallest P within `tolerance` of the best.
 * The smallest, because a persona the data cannot tell apart from another is only noise on the
 * persona cards, and extra personas cost a Cholesky solve each per row.
 */
import { evaluate } from '../eval/evaluate';
import { throwIfAborted } from '../recommender';
import type { Split } from '../eval/split';
import { defaultPersonaParams, type PersonaParams } from './fit';
import { PersonaModel } from './model';

export interface PersonaChoice {
  personas: number;
  /** Validation `metric` per P tried, in order P = 1, 2, …. */
  scores: { personas: number; value: number }[];
  metric: string;
}

export interface ChoosePersonasOptions {
  /** Largest P tried (the issue asks for 1–6 in evaluation; the app allows up to 8). */
  maxPersonas: number;
  metric: string;
  /** A larger P must beat the smaller by more than this to be chosen. */
  tolerance: number;
  signal?: AbortSignal;
  onPoint?: (personas: number, value: number) => void;
}

export async function choosePersonas(
  validation: Split,
  params: Partial<PersonaParams> = {},
  options: Partial<ChoosePersonasOptions> = {},
): Promise<PersonaChoice> {
  const { maxPersonas = 6, metric = 'ndcg@10', tolerance = 0, signal } = options;
  if (!Number.isInteger(maxPersonas) || maxPersonas < 1 || maxPersonas > 8)
    throw new RangeError(`maxPersonas must be a whole number from 1 to 8, not ${maxPersonas}.`);
  const scores: PersonaChoice['scores'] = [];
  for (let personas = 1; personas <= maxPersonas; personas++) {
    throwIfAborted(signal);
    const model = new PersonaModel({ ...defaultPersonaParams, ...params, personas });
    await model.fit(validation.train, signal ? { signal } : {});
    const { metrics } = evaluate(model, validation.train, validation.test, { resamples: 0 });
    const value = metrics[metric];
    if (value === undefined) throw new Error(`evaluate() reports no metric named "${metric}".`);
    scores.push({ personas, value });
    options.onPoint?.(personas, value);
  }
  // Lower is better for the percentile ranks, higher for every other metric.
  const sign = metric === 'epr' ? -1 : 1;
  const best = Math.max(...scores.map((s) => sign * s.value));
  const chosen = scores.find((s) => sign * s.value >= best - tolerance)!;
  return { personas: chosen.personas, scores, metric };
}
