import type { Engine } from '../engine';
import type { Handlers } from '../api/handlers';
import { NoModelError } from './active-model';
import { trainerOf } from './handlers';
import { radioNext } from './radio-engine';
import { SessionModelCache } from './radio-session-model';

const sessionModels = new WeakMap<Engine, SessionModelCache>();
function sessionModelOf(engine: Engine): SessionModelCache {
  let c = sessionModels.get(engine);
  if (!c) sessionModels.set(engine, (c = new SessionModelCache(engine.db, engine.profileId)));
  return c;
}

/** The radio calls of the contract (spread into `createHandlers`). */
export function radioHandlers(engine: Engine): Pick<Handlers, 'radio.next'> {
  return {
    'radio.next': async (req) => {
      const session = await sessionModelOf(engine).get();
      // No trained For You model yet: the radio runs on the next-song model alone.
      const als = await trainerOf(engine)
        .active.get()
        .catch((e: unknown) => {
          if (e instanceof NoModelError) return null;
          throw e;
        });
      return radioNext(engine.db, engine.profileId, session, als, req);
    },
  };
}
