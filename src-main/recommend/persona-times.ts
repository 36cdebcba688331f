/**
 * When each persona plays: per persona, its listened plays by hour of the week (the "Weekday
 * mornings" of its label) and by month (its share over time). A scan of every play in time order:
 * seconds at a 20-year history, so the For You warm-up runs it on a worker thread with its own
 * read-only connection (persona-times-worker.ts) while the engine's thread answers requests.
 */
import type { Db } from '../db/connection';
import { forEachTimedPlay } from '../db/persona-data';
import { callFitWorker } from '../workers/fit-call';
import { WEEK_SLOTS } from './personas-label';

export interface PersonaTimes {
  /** Per persona: plays by hour of the week (weekday × 24 + hour, local time). */
  when: Float64Array[];
  /** Month start (UTC epoch seconds of the local month's first day) → plays per persona. */
  months: Map<number, number[]>;
}

export function personaTimes(
  db: Db,
  profileId: number,
  tzOffsetS: number,
  ownerOf: (trackId: number) => number | undefined,
  P: number,
): PersonaTimes {
  const when = Array.from({ length: P }, () => new Float64Array(WEEK_SLOTS));
  const months = new Map<number, number[]>();
  // Plays come in time order: a month's row is the last one made until the month changes.
  let month = NaN;
  let row: number[] = [];
  forEachTimedPlay(db, profileId, tzOffsetS, (trackId, weekday, hour, monthStart) => {
    const p = ownerOf(trackId);
    if (p === undefined) return;
    when[p]![weekday * 24 + hour]!++;
    if (monthStart !== month) {
      month = monthStart;
      let r = months.get(month);
      if (!r) months.set(month, (r = new Array<number>(P).fill(0)));
      row = r;
    }
    row[p]!++;
  });
  return { when, months };
}

export interface PersonaTimesRequest {
  dbPath: string;
  profileId: number;
  tzOffsetS: number;
  /** Each played library track and the persona owning it. */
  trackIds: Int32Array;
  owners: Int32Array;
  P: number;
}

/** `personaTimes` on a worker thread, reading the database through its own connection. */
export async function personaTimesInWorker(request: PersonaTimesRequest): Promise<PersonaTimes> {
  const done = await callFitWorker<never, { times: PersonaTimes }>(
    new URL('./persona-times-worker.ts', import.meta.url),
    { type: 'times', request },
    {},
  );
  return done.times;
}
