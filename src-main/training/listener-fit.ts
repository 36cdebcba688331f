/**
 * Fits a listener model — the artist-budget model or the multi-persona factorisation — in a worker
 * thread (listener-worker.ts), so no host's loop blocks. Both are O(nnz·K) or worse per pass:
 * milliseconds on the demo, seconds to minutes on a real library with years of sessions.
 */
import type { BudgetParams } from '../../models/budget/fit';
import { BudgetModel } from '../../models/budget/model';
import type { PersonaParams } from '../../models/persona/fit';
import { PersonaModel } from '../../models/persona/model';
import type { FitOptions, FitProgress } from '../../models/recommender';
import type { Csr } from '../../models/sparse';
import { callFitWorker, type FitWorkerReply } from '../workers/fit-call';

export type ListenerFit =
  | { model: 'budget'; artistOf: Int32Array; artists: number; params: BudgetParams }
  | { model: 'persona'; params: PersonaParams };

export type ListenerRequest = ({ type: 'fit'; matrix: Csr } & ListenerFit) | { type: 'cancel' };

export type ListenerReply = FitWorkerReply<FitProgress, { bytes: Uint8Array }>;

/** Resolves to the fitted artist-budget model. */
export async function fitBudgetInWorker(
  matrix: Csr,
  artistOf: Int32Array,
  artists: number,
  params: BudgetParams,
  options: FitOptions = {},
): Promise<BudgetModel> {
  const bytes = await fitInWorker(matrix, { model: 'budget', artistOf, artists, params }, options);
  return BudgetModel.fromBytes(bytes);
}

/** Resolves to the fitted multi-persona model. */
export async function fitPersonasInWorker(
  matrix: Csr,
  params: PersonaParams,
  options: FitOptions = {},
): Promise<PersonaModel> {
  const bytes = await fitInWorker(matrix, { model: 'persona', params }, options);
  return PersonaModel.fromBytes(bytes);
}

async function fitInWorker(
  matrix: Csr,
  fit: ListenerFit,
  options: FitOptions,
): Promise<Uint8Array> {
  const request: ListenerRequest = { type: 'fit', matrix, ...fit };
  const done = await callFitWorker<FitProgress, { bytes: Uint8Array }>(
    new URL('./listener-worker.ts', import.meta.url),
    request,
    options,
  );
  return done.bytes;
}
