/**
 * The radio's taste weight on the real exports (issue 6, docs/nextsong.md "The radio's taste
 * weight"): on each export's training sessions (30-minute sessions, the last 20 % of sessions held
 * out as in eval-next), the latest 20 % of them are the validation part; rules and session-kNN are
 * fitted on the rest with their weights chosen as the radio does without a GRU, an ALS with the
 * app's track-level parameters is fitted on the same earlier sessions, and `chooseTasteWeight`
 * picks w in `unit(blend) + w · unit(ALS)` on at most 500 validation events. Prints, per export,
 * HR@20 / MRR@20 for every w tried. `ENCORE_DATA` points at ../shared/data.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { MarkovModel } from '../models/nextsong/baselines/markov';
import { SknnModel } from '../models/nextsong/baselines/sknn';
import { BlendModel } from '../models/nextsong/blend';
import { validationStart } from '../models/nextsong/blend-fit';
import { searchBlendWeights } from '../models/nextsong/blend-search';
import { restrictToKnownItems } from '../models/nextsong/sessions';
import { chooseTasteWeight, scaleToUnit, sessionAlsScorer } from '../models/nextsong/taste-weight';
import { splitHistory } from '../src-main/training/nextsong-data';
import { readHistoryFiles } from '../src-main/training/nextsong-history';
import { trackAlsParams } from '../src-main/training/track-eval';

const data = process.env.ENCORE_DATA ?? path.resolve('../shared/data');
const EXPORTS: Record<string, string[]> = {
  lastfm: ['lastfm-export/scrobbles.csv'],
  spotify: ['spotify-basic/StreamingHistory0.json', 'spotify-basic/StreamingHistory1.json'],
};
const round = (x: number) => Math.round(x * 1000) / 1000;

async function choose(files: string[]): Promise<Record<string, unknown>> {
  const { train, itemCount } = splitHistory(readHistoryFiles(files));
  const cut = validationStart(train.length);
  const base = train.slice(0, cut);
  const validation = restrictToKnownItems(train.slice(cut), base, itemCount);
  const rules = new MarkovModel(itemCount, 3);
  const sknn = new SknnModel(itemCount);
  await rules.fit(base);
  await sknn.fit(base);
  const parts = [
    { model: rules, normalise: 'sum' as const },
    { model: sknn, normalise: 'sum' as const },
  ];
  const search = searchBlendWeights(parts, validation, { maxEvents: 500 });
  const blend = new BlendModel(parts.map((p, i) => ({ ...p, weight: search.weights[i]! })));
  const started = performance.now();
  const taste = chooseTasteWeight(
    (prefix) => scaleToUnit(blend.scoreNext(prefix)),
    await sessionAlsScorer(base, itemCount, trackAlsParams),
    validation,
    { maxEvents: 500 },
  );
  return {
    baseSessions: base.length,
    validationSessions: validation.length,
    events: taste.events,
    blendWeights: search.weights,
    chosen: taste.weight,
    tried: taste.tried.map((t) => ({ w: t.weight, hr20: round(t.hr20), mrr20: round(t.mrr20) })),
    seconds: round((performance.now() - started) / 1000),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { loadBefore: loadavg().map(round) };
  for (const [name, files] of Object.entries(EXPORTS)) {
    const paths = files.map((f) => path.join(data, f));
    if (paths.every(existsSync)) out[name] = await choose(paths);
  }
  return out;
}
