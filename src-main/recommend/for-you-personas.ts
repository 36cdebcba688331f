import type { Db } from '../db/connection';
import { lastPlayId } from '../db/training-data';
import type { LoadedModel } from './active-model';
import { DEFAULT_PERSONAS } from './personas-handlers';
import { foldPersonas, listPersonas } from './personas';

/** Which of the listener's personas owns a track of the ALS model, and that persona's label. */
export interface PersonaOwners {
  /** "Evenings · indie rock", or null when the history folds into a single persona. */
  labelOf(col: number): string | null;
}

interface Cached {
  key: string;
  owners: PersonaOwners;
}

/** One fold-in per loaded model (a retrain loads a new object), redone when a play is added. */
const cache = new WeakMap<LoadedModel, Cached>();

/**
 * The Personas screen's fold-in and labels (personas.ts), never a second copy: a track belongs to
 * the persona whose vector scores it highest (the max rule radio-persona.ts locks the radio to).
 */
export function personaOwners(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  tzOffsetS: number,
): PersonaOwners {
  const key = `${lastPlayId(db)}:${tzOffsetS}`;
  const hit = cache.get(loaded);
  if (hit?.key === key) return hit.owners;
  const { vectors } = foldPersonas(db, profileId, loaded, DEFAULT_PERSONAS);
  const labels =
    vectors.length > 1
      ? listPersonas(db, profileId, loaded, DEFAULT_PERSONAS, tzOffsetS).personas.map(
          (p) => p.label,
        )
      : [];
  const { colFactors: Y, params } = loaded.model.tracks;
  const k = params.factors;
  const owners: PersonaOwners = {
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
  cache.set(loaded, { key, owners });
  return owners;
}
