/**
 * The listener's history folded into personas against the ALS model's track factors (the
 * persona model's own fold-in on a shell whose item factors are ALS's): the arithmetic of
 * personas.ts's `foldPersonas`, here alone so that a worker thread can run it
 * (persona-fold-worker.ts) while the engine's thread answers requests. At a 20-year history it
 * takes seconds (k-means seeding, then up to ten assignment and solve rounds over 150,000 tracks).
 */
import type { AlsParams } from '../../models/als-fit';
import { PersonaModel } from '../../models/persona/model';
import { callFitWorker } from '../workers/fit-call';
import { ownCopy } from '../../models/serialize';

export interface FoldInput {
  /** The ALS model's track factors (items × k) and its YᵀY + λI. */
  Y: Float32Array;
  gram: Float64Array;
  k: number;
  P: number;
  als: Pick<AlsParams, 'alpha' | 'eps' | 'lambda'>;
  /** Played model columns and their listened play counts. */
  items: Int32Array;
  values: Float64Array;
}

export type FoldSystems = ReturnType<PersonaModel['foldInSystems']>;

export function foldSystems(input: FoldInput): FoldSystems {
  const { Y, gram, k, P, als, items, values } = input;
  const shell = new PersonaModel({
    personas: P,
    factors: k,
    alpha: als.alpha,
    eps: als.eps,
    lambda: als.lambda,
  });
  shell.state = { X: new Float32Array(0), Y, W: new Float32Array(0), loss: [] };
  return shell.foldInSystems(items, values, undefined, gram);
}

/**
 * `foldSystems` on a worker thread (the arrays are copied to it, not moved; the track factors,
 * a view of the model file's buffer, alone: `ownCopy`).
 */
export async function foldSystemsInWorker(input: FoldInput): Promise<FoldSystems> {
  const done = await callFitWorker<never, { systems: FoldSystems }>(
    new URL('./persona-fold-worker.ts', import.meta.url),
    { type: 'fold', input: { ...input, Y: ownCopy(input.Y) } },
    {},
  );
  return done.systems;
}
