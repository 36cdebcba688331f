import type { Engine } from '../engine';
import type { Handlers } from '../api/handlers';
import { trainerOf } from './handlers';
import { listPersonas, personaMap, personaTracks } from './personas';

type PersonaCalls = 'personas.list' | 'personas.map' | 'personas.play';

/** Three personas unless asked: the demo history's shape, and few enough to read at a glance. */
export const DEFAULT_PERSONAS = 3;

/** The Personas screen's calls (spread into `createHandlers`); NoModelError until a train. */
export function personaHandlers(engine: Engine): Pick<Handlers, PersonaCalls> {
  const { db, profileId } = engine;
  const active = () => trainerOf(engine).active.get();
  return {
    'personas.list': async ({ personas, tzOffsetS }) =>
      listPersonas(db, profileId, await active(), personas ?? DEFAULT_PERSONAS, tzOffsetS),
    'personas.map': async ({ personas }) =>
      personaMap(db, profileId, await active(), personas ?? DEFAULT_PERSONAS),
    'personas.play': async ({ personas, persona, n }) =>
      personaTracks(db, profileId, await active(), personas ?? DEFAULT_PERSONAS, persona, n),
  };
}
