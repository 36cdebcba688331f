import type { Engine } from '../engine';
import type { Handlers } from '../api/handlers';
import { NoModelError, type LoadedModel } from './active-model';
import { trainerOf } from './handlers';
import { DEFAULT_PERSONAS } from './personas-handlers';
import { radioNext } from './radio-engine';
import { radioGpuHandlers } from './radio-gpu';
import { personaLock, type PersonaLock } from './radio-persona';
import { SessionModelCache } from './radio-session-model';
import { loadRadioGru, trainRadioGru, type RadioGru } from './radio-gru';

const sessionModels = new WeakMap<Engine, SessionModelCache>();
function sessionModelOf(engine: Engine): SessionModelCache {
  let c = sessionModels.get(engine);
  if (!c) sessionModels.set(engine, (c = new SessionModelCache(engine.db, engine.profileId)));
  return c;
}

/**
 * Locks per model, by "personas/persona": the radio asks again every few tracks, and folding the
 * whole history each time would cost more than the pick. A new model (a retrain) refolds; the few
 * plays added meanwhile barely move a persona, as on the Personas screen between trainings.
 */
const locks = new WeakMap<LoadedModel, Map<string, PersonaLock>>();
function lockOf(engine: Engine, als: LoadedModel, personas: number, persona: number) {
  let byKey = locks.get(als);
  if (!byKey) locks.set(als, (byKey = new Map()));
  const key = `${personas}/${persona}`;
  let lock = byKey.get(key);
  if (!lock)
    byKey.set(key, (lock = personaLock(engine.db, engine.profileId, als, personas, persona)));
  return lock;
}

/**
 * The active radio GRU per engine, read once and again after each `radio.train`: the same object
 * until then, so the session model cache knows when to refit.
 */
const grus = new WeakMap<Engine, Promise<RadioGru | null>>();
function gruOf(engine: Engine): Promise<RadioGru | null> {
  let g = grus.get(engine);
  if (!g) {
    // A damaged or missing file: the radio goes on without its GRU, and tries again next time.
    g = loadRadioGru(engine.db, engine.options.dbPath, engine.profileId).catch(() => {
      grus.delete(engine);
      return null;
    });
    grus.set(engine, g);
  }
  return g;
}

/** The radio calls of the contract (spread into `createHandlers`). */
export function radioHandlers(
  engine: Engine,
): Pick<Handlers, 'radio.next' | 'radio.train' | 'radio.trainingSet' | 'radio.adoptModel'> {
  return {
    // The GPU path: the renderer trains, the engine checks and keeps (radio-gpu.ts).
    ...radioGpuHandlers(engine, () => grus.delete(engine)),
    'radio.train': ({ epochs, units, full }) => {
      const { jobId, promise } = engine.jobs.start('radio-train', (ctx) =>
        trainRadioGru(engine.db, {
          dbPath: engine.options.dbPath,
          profileId: engine.profileId,
          gru: { ...(epochs ? { epochs } : {}), ...(units ? { units } : {}) },
          ...(full ? { full } : {}),
          signal: ctx.signal,
          onProgress: ctx.progress,
        }),
      );
      void promise.then(() => grus.delete(engine)).catch(() => undefined);
      return { jobId };
    },
    'radio.next': async ({ persona, personas, ...req }) => {
      const session = await sessionModelOf(engine).get(await gruOf(engine));
      const active = trainerOf(engine).active.get();
      // A persona lock needs the For You model its personas fold against: NoModelError without.
      if (persona !== undefined) {
        const als = await active;
        const lock = lockOf(engine, als, personas ?? DEFAULT_PERSONAS, persona);
        return radioNext(engine.db, engine.profileId, session, als, req, lock);
      }
      // No trained For You model yet: the radio runs on the next-song model alone.
      const als = await active.catch((e: unknown) => {
        if (e instanceof NoModelError) return null;
        throw e;
      });
      return radioNext(engine.db, engine.profileId, session, als, req);
    },
  };
}
