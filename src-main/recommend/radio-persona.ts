/**
 * The radio's persona lock (issue 6): the listener picks one of their personas (the index
 * `personas.list` shows) and the radio keeps to that persona's tracks. The personas are the same
 * fold-in as the Personas screen (personas.ts), never a second copy of it.
 */
import type { Db } from '../db/connection';
import type { LoadedModel } from './active-model';
import { foldPersonas, listPersonas } from './personas';
import { scaleToUnit } from './radio-rules';

export interface PersonaLock {
  /** The persona's label as the Personas screen shows it: "Weekday evenings · jazz". */
  label: string;
  /** Library track ids this persona scores above every other persona: the tracks it keeps to. */
  members: ReadonlySet<number>;
  /** The persona's score of each member, scaled to [0, 1]: its favourites first. */
  score: ReadonlyMap<number, number>;
}

/**
 * Every track of the ALS model belongs to the persona whose vector scores it highest (the
 * persona model's max rule, as `foldPersonas` assigns played tracks), so unplayed tracks that fit
 * the persona are in it too. Throws RangeError for a persona the history does not fold into.
 */
export function personaLock(
  db: Db,
  profileId: number,
  loaded: LoadedModel,
  personas: number,
  persona: number,
): PersonaLock {
  const { vectors } = foldPersonas(db, profileId, loaded, personas);
  if (!vectors[persona])
    throw new RangeError(
      `There is no persona ${persona}: this history folds into ${vectors.length} (0 to ${vectors.length - 1}).`,
    );
  const { label } = listPersonas(db, profileId, loaded, personas).personas[persona]!;
  const { tracks, trackIds } = loaded.model;
  const scores = vectors.map((v) => {
    const out = new Float32Array(tracks.items);
    tracks.scoreVector(v, out);
    return out;
  });
  const own = scaleToUnit(scores[persona]!);
  const members = new Set<number>();
  const score = new Map<number, number>();
  trackIds.forEach((id, c) => {
    const mine = scores[persona]![c]!;
    if (scores.every((s, p) => p === persona || s[c]! < mine)) {
      members.add(id);
      score.set(id, own[c]!);
    }
  });
  return { label, members, score };
}

/**
 * How far a lock lifts its members: above any unlocked blend (next-song ≤ 1, ALS ≤ 1 at weight
 * ≤ 1), so the queue keeps to the persona while it has tracks left, and only then goes on with
 * the rest rather than running dry.
 */
export const LOCK_LIFT = 4;
/** Weight of the persona's own score among its members (the session still leads). */
export const LOCK_WEIGHT = 0.5;

/** The blended score of a track under the lock (unchanged without one). */
export function lockedScore(lock: PersonaLock | undefined, trackId: number, blend: number): number {
  if (!lock) return blend;
  const s = lock.score.get(trackId);
  return s === undefined ? blend : blend + LOCK_WEIGHT * s + LOCK_LIFT;
}
