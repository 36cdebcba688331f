import type { Engine } from '../engine';
import type { Handlers } from '../api/handlers';
import { listModels, type ModelRow } from '../db/models';
import { deepCuts } from './deep-cuts';
import { explainForListener, forYou, similarTracks } from './for-you';
import { Trainer } from './trainer';
import { warmUpDone } from './warm-up';

type RecommendCalls =
  | 'models.train'
  | 'models.list'
  | 'recommend.forYou'
  | 'recommend.similar'
  | 'recommend.explain'
  | 'recommend.deepCuts';

export type ModelInfo = Omit<ModelRow, 'file'>;

/** One Trainer per engine, however many hosts build handlers for it. */
const trainers = new WeakMap<Engine, Trainer>();
export function trainerOf(engine: Engine): Trainer {
  let t = trainers.get(engine);
  if (!t) trainers.set(engine, (t = new Trainer(engine)));
  return t;
}

/** The recommendation calls of the contract (spread into `createHandlers`). */
export function recommendHandlers(engine: Engine): Pick<Handlers, RecommendCalls> {
  const { db, profileId } = engine;
  const trainer = trainerOf(engine);
  return {
    'models.train': ({ kind }) => ({
      jobId: kind === 'budget' ? trainer.trainBudget() : trainer.train(),
    }),
    'models.list': () => listModels(db, profileId).map(({ file: _file, ...info }) => info),
    'recommend.forYou': async ({ limit, tzOffsetS }) => {
      await warmUpDone(engine);
      return forYou(db, profileId, await trainer.active.get(), limit, {
        budget: await trainer.budget.getIfAny(),
        tzOffsetS,
      });
    },
    'recommend.deepCuts': async ({ limit }) =>
      deepCuts(db, profileId, await trainer.budget.get(), limit),
    'recommend.similar': async ({ trackId, limit }) =>
      similarTracks(db, await trainer.active.get(), trackId, limit),
    'recommend.explain': async ({ trackId }) =>
      explainForListener(db, profileId, await trainer.active.get(), trackId),
  };
}
