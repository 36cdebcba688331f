import type { Db } from '../db/connection';
import { memoFollowingPlays } from '../db/data-memo';
import type { LoadedModel } from './active-model';
import { DEFAULT_PERSONAS } from './personas-handlers';
import { foldPersonas, listPersonas } from './personas';
import type { PersonaTimes } from './persona-times';

/** Which of the listener's personas owns a track of the ALS model, and that persona's label. */
export interface PersonaOwners {
  /** "Evenings · indie rock", or null when the history folds into a single persona. */
  labelOf(col: number): string | null;
}

/**
 * The Personas screen's fold-in and labels (personas.ts), never a second copy: a track belongs to
 * the persona whose vector scores it highest (the max rule radio-persona.ts locks the radio to).
 * The fold follows recorded plays (foldPersonas); so do the labels, by staying as they are: a
 * label sums up thousands of plays, and computing it reads every play with its time (seconds at a
 * 20-year history). Anything else that changes the database labels the personas again.
 */
export function personaOwners(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  tzOffsetS: number,
  /** The personas' times for the labels, scanned on a worker (warm-up.ts). */
  times?: PersonaTimes,
): PersonaOwners {
  const { vectors } = foldPersonas(db, profileId, loaded, DEFAULT_PERSONAS);
  const labels = memoFollowingPlays(
    db,
    `personaLabels:${profileId}:${loaded.row.id}:${tzOffsetS}`,
    () =>
      vectors.length > 1
        ? listPersonas(db, profileId, loaded, DEFAULT_PERSONAS, tzOffsetS, times).personas.map(
            (p) => p.label,
          )
        : [],
    (kept) => kept,
  );
  const { colFactors: Y, params } = loaded.model.tracks;
  const k = params.factors;
  return {
    labelOf(col) {
      if (labels.length === 0) return null;
      let best = 0;
      let bestScore = -Infinity;
      vectors.forEach((v, p) => {
        let s = 0;
        for (let f = 0; f < k; f++) s += v[f]! * Y[col * k + f]!;
        if (s > bestScore) [best, bestScore] = [p, s];
      });
      return labels[best] ?? null;
    },
  };
}
