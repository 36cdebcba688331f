import type { Db } from '../db/connection';
import { memoOnData } from '../db/data-memo';
import type { LoadedModel } from './active-model';
import { DEFAULT_PERSONAS } from './personas-handlers';
import { foldPersonas, listPersonas } from './personas';

/** Which of the listener's personas owns a track of the ALS model, and that persona's label. */
export interface PersonaOwners {
  /** "Evenings · indie rock", or null when the history folds into a single persona. */
  labelOf(col: number): string | null;
}

/**
 * The Personas screen's fold-in and labels (personas.ts), never a second copy: a track belongs to
 * the persona whose vector scores it highest (the max rule radio-persona.ts locks the radio to).
 * Folded once per loaded model and time zone until the database changes (memoOnData).
 */
export function personaOwners(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  tzOffsetS: number,
): PersonaOwners {
  return memoOnData(db, `personaOwners:${profileId}:${loaded.row.id}:${tzOffsetS}`, () =>
    foldOwners(db, profileId, loaded, tzOffsetS),
  );
}

function foldOwners(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  tzOffsetS: number,
): PersonaOwners {
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
  return owners;
}
