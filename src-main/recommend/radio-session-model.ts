/**
 * The radio's next-song model: sequential rules (3 steps) blended with session-kNN, fitted on the
 * library's own play sessions over library track ids. Both fit in well under a second on tens of
 * thousands of plays, so the radio works the moment a library has history — no training step.
 * With no history at all it still ranks by popularity (the rules' tie-break). When the listener
 * has trained the radio's GRU (`radio.train`, radio-gru.ts), it joins the blend.
 */
import type { Db } from '../db/connection';
import { trainingPlays } from '../db/training-data';
import { lastPlayId } from '../db/training-data';
import { BlendModel } from '../../models/nextsong/blend';
import { MarkovModel } from '../../models/nextsong/baselines/markov';
import { SknnModel } from '../../models/nextsong/baselines/sknn';
import { restrictToKnownItems, type Session } from '../../models/nextsong/sessions';
import { DEFAULT_BLEND_WEIGHTS, validationStart } from '../../models/nextsong/blend-fit';
import { searchBlendWeights } from '../../models/nextsong/blend-search';
import {
  chooseTasteWeight,
  DEFAULT_TASTE_WEIGHT,
  scaleToUnit,
  sessionAlsScorer,
} from '../../models/nextsong/taste-weight';
import { trackAlsParams } from '../training/track-eval';
import type { NextSongModel } from '../../models/nextsong/model';
import { RemappedModel, type RadioGru } from './radio-gru';

export interface SessionModel {
  /** Library track id → dense item of the models. */
  itemOf: Map<number, number>;
  trackIds: Int32Array;
  /** Rules alone: "often follows X" comes from its rows. */
  rules: MarkovModel;
  blend: BlendModel;
  /** Listened plays per item. */
  plays: Float32Array;
  /**
   * The radio's weight of the For You (ALS) score against the next-song score: chosen by
   * evaluation with the GRU at `radio.train`, or with rules and session-kNN (`chooseRadioWeights`),
   * else DEFAULT_TASTE_WEIGHT.
   */
  tasteWeight: number;
}

/** Weights chosen on the library's latest sessions when no GRU is trained. */
export interface RadioWeights {
  /** Rules and session-kNN, in that order. */
  weights: number[];
  /** Null when the validation sessions held no event. */
  tasteWeight: number | null;
}

/** Below this a rules score is only the popularity tie-break (models/nextsong/baselines/markov). */
export const RULE_FLOOR = 1e-3;

export interface LibrarySessions {
  itemOf: Map<number, number>;
  /** Item → library track id. */
  trackIds: Int32Array;
  sessions: Session[];
  /** The newest play id of each session (same order): what was played since a model was trained. */
  lastPlayIds: number[];
}

/** The profile's play sessions over dense items (tracks in the order first played). */
export function librarySessions(db: Db, profileId: number): LibrarySessions {
  const itemOf = new Map<number, number>();
  const ids: number[] = [];
  const bySession = new Map<number, { items: number[]; skipped: number[]; last: number }>();
  for (const p of trainingPlays(db, profileId)) {
    if (p.trackId === null) continue;
    let item = itemOf.get(p.trackId);
    if (item === undefined) {
      itemOf.set(p.trackId, (item = ids.length));
      ids.push(p.trackId);
    }
    let s = bySession.get(p.session);
    if (!s) bySession.set(p.session, (s = { items: [], skipped: [], last: 0 }));
    s.last = Math.max(s.last, p.playId);
    s.items.push(item);
    s.skipped.push(p.skipped ? 1 : 0);
  }
  const sessions: Session[] = [...bySession].map(([n, s]) => ({
    start: n,
    items: Int32Array.from(s.items),
    skipped: Uint8Array.from(s.skipped),
  }));
  const lastPlayIds = [...bySession.values()].map((s) => s.last);
  return { itemOf, trackIds: Int32Array.from(ids), sessions, lastPlayIds };
}

/**
 * Rules and session-kNN on the library's sessions, with the GRU when one was trained. Weights: the
 * ones chosen with the GRU at `radio.train`; without a GRU, `chosen` (chosen once per cache by
 * `chooseRadioWeights`) or the hand-set defaults.
 */
export async function fitSessionModel(
  db: Db,
  profileId: number,
  gru: RadioGru | null = null,
  chosen: RadioWeights | null = null,
): Promise<SessionModel> {
  const weights = chosen?.weights ?? null;
  const { itemOf, trackIds, sessions } = librarySessions(db, profileId);
  const count = Math.max(1, trackIds.length);
  const rules = new MarkovModel(count, 3);
  const sknn = new SknnModel(count);
  await rules.fit(sessions);
  await sknn.fit(sessions);
  const plays = new Float32Array(count);
  for (const s of sessions) s.items.forEach((it, j) => (plays[it]! += s.skipped[j] ? 0 : 1));
  const [wGru, wRules, wSknn] = gru?.weights ?? [0, ...(weights ?? DEFAULT_BLEND_WEIGHTS.slice(1))];
  const parts: { model: NextSongModel; weight: number; normalise: 'sum' | 'softmax' }[] = [
    { model: rules, weight: wRules!, normalise: 'sum' },
    { model: sknn, weight: wSknn!, normalise: 'sum' },
  ];
  if (gru)
    parts.unshift({
      model: new RemappedModel(gru.model, gru.trackIds, trackIds, count),
      weight: wGru!,
      normalise: 'softmax',
    });
  const tasteWeight = gru ? gru.tasteWeight : (chosen?.tasteWeight ?? DEFAULT_TASTE_WEIGHT);
  return { itemOf, trackIds, rules, blend: new BlendModel(parts), plays, tasteWeight };
}

/** Validation events at most for the GRU-less weights: the choice must stay well under a second. */
const RULES_WEIGHT_EVENTS = 200;
/** Training sessions at most for the ALS the GRU-less taste weight is chosen with. */
const TASTE_SESSIONS = 2000;

/**
 * Rules and session-kNN weights chosen on the latest 20 % of the library's sessions, the parts
 * fitted on the rest (as blend-fit.ts does with the GRU), then the taste weight against that blend
 * with an ALS fitted on the same earlier sessions; null when there is nothing to choose on.
 */
export async function chooseRadioWeights(db: Db, profileId: number): Promise<RadioWeights | null> {
  const { trackIds, sessions } = librarySessions(db, profileId);
  const kept = sessions.filter((s) => s.items.length > 1);
  const cut = validationStart(kept.length);
  const base = kept.slice(0, cut);
  const count = Math.max(1, trackIds.length);
  const rules = new MarkovModel(count, 3);
  const sknn = new SknnModel(count);
  await rules.fit(base);
  await sknn.fit(base);
  const validation = restrictToKnownItems(kept.slice(cut), base, count);
  const parts = [
    { model: rules, normalise: 'sum' as const },
    { model: sknn, normalise: 'sum' as const },
  ];
  const search = searchBlendWeights(parts, validation, { maxEvents: RULES_WEIGHT_EVENTS });
  if (search.events === 0) return null;
  const blend = new BlendModel(parts.map((p, i) => ({ ...p, weight: search.weights[i]! })));
  const taste = chooseTasteWeight(
    (prefix) => scaleToUnit(blend.scoreNext(prefix)),
    // The latest sessions only: this ALS is fitted on the engine's thread, once, and must stay
    // quick on a 20-year history (the weight is judged on the latest events anyway).
    await sessionAlsScorer(base.slice(-TASTE_SESSIONS), count, trackAlsParams),
    validation,
    { maxEvents: RULES_WEIGHT_EVENTS },
  );
  return { weights: search.weights, tasteWeight: taste.events > 0 ? taste.weight : null };
}

/**
 * One fitted model per key (an engine), refitted when new plays arrived — at most every
 * `minAgeMs`, so a radio refilling after every track does not refit every time.
 */
export class SessionModelCache {
  private entry: {
    lastPlay: number;
    at: number;
    gru: RadioGru | null;
    model: Promise<SessionModel>;
  } | null = null;
  /** GRU-less weights, chosen on the first fit without a GRU and kept (the choice is stable). */
  private radioWeights: Promise<RadioWeights | null> | null = null;

  constructor(
    private readonly db: Db,
    private readonly profileId: number,
    private readonly minAgeMs = 30_000,
  ) {}

  /** A newly trained GRU (another `gru` object) refits at once. */
  get(gru: RadioGru | null = null, now = Date.now()): Promise<SessionModel> {
    const last = lastPlayId(this.db);
    const e = this.entry;
    if (e?.gru === gru && (e.lastPlay === last || now - e.at < this.minAgeMs)) return e.model;
    const model = gru
      ? fitSessionModel(this.db, this.profileId, gru)
      : (this.radioWeights ??= chooseRadioWeights(this.db, this.profileId).catch(() => null)).then(
          (w) => fitSessionModel(this.db, this.profileId, null, w),
        );
    this.entry = { lastPlay: last, at: now, gru, model };
    model.catch(() => {
      if (this.entry?.model === model) this.entry = null;
    });
    return model;
  }
}
