/**
 * The track-level comparison of docs/models.md (issue 5): every model on the real Last.fm export,
 * the Spotify basic export and the demo history, under the protocol of
 * src-main/training/track-eval.ts. Prints the markdown tables and writes the grouped bar chart.
 *
 *   node --import ./scripts/source-hooks.mjs scripts/models-chart.ts \
 *     [--data ../shared/data] [--results /tmp/track-level.json] [--svg docs/models-track-level.svg]
 *     [--from /tmp/track-level.json]   (redraw from saved results without fitting anything)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { barChartSvg, type BarPanel } from '../models/eval/bar-chart';
import type { Evaluation } from '../models/eval/evaluate';
import { choosePersonas } from '../models/persona/choose-personas';
import { fitModel, type ModelName } from '../src-main/training/fit-model';
import { readHistoryFiles } from '../src-main/training/nextsong-history';
import {
  evaluateTracks,
  trackAlsParams,
  trackSplit,
  trainingPart,
  type TrackProtocol,
} from '../src-main/training/track-eval';

interface Row {
  model: string;
  metrics: Evaluation['metrics'];
  intervals: Evaluation['intervals'];
  trainSeconds: number;
}
interface DataSetResult {
  name: string;
  protocol: TrackProtocol;
  /** P chosen on the validation split, with the validation nDCG@10 of every P. */
  personaChoice: { personas: number; scores: { personas: number; value: number }[] };
  rows: Row[];
}

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.resolve(import.meta.dirname, '../../shared/data') },
    results: { type: 'string', default: '/tmp/encore-track-level.json' },
    svg: {
      type: 'string',
      default: path.resolve(import.meta.dirname, '../docs/models-track-level.svg'),
    },
    from: { type: 'string' },
  },
});

const dataSets = {
  'Last.fm export': [path.join(values.data, 'lastfm-export', 'scrobbles.csv')],
  'Spotify basic': [0, 1].map((n) =>
    path.join(values.data, 'spotify-basic', `StreamingHistory${n}.json`),
  ),
  'demo history': [path.resolve(import.meta.dirname, '../resources/demo/history.json')],
};
const PERSONAS = [1, 2, 3, 4, 5, 6];
const SEED = 42;

async function evaluateDataSet(name: string, files: string[]): Promise<DataSetResult> {
  const plays = readHistoryFiles(files);
  const data = trackSplit(plays);
  const validation = trackSplit(trainingPart(plays));
  const rows: Row[] = [];
  const run = async (label: string, model: ModelName, settings: object = {}) => {
    const started = performance.now();
    const fitted = await fitModel(model, data.train, {
      als: trackAlsParams,
      neighbours: 100,
      budget: { artistOf: data.artistOf, artists: data.artists },
      seed: SEED,
      threads: 1,
      ...settings,
    });
    const trainSeconds = (performance.now() - started) / 1000;
    const { metrics, intervals } = evaluateTracks(fitted, data, { seed: SEED });
    rows.push({ model: label, metrics, intervals, trainSeconds });
    process.stderr.write(`${name}: ${label} nDCG@10 ${metrics['ndcg@10']!.toFixed(3)}\n`);
  };
  await run('als', 'als');
  const choice = await choosePersonas(validation, { ...trackAlsParams, seed: SEED });
  for (const personas of PERSONAS)
    await run(`persona P=${personas}`, 'persona', {
      persona: { personas, assignment: 'hard', temperature: 0.1 },
    });
  await run('budget', 'budget');
  await run('pop', 'pop');
  await run('itemknn', 'itemknn');
  await run('random', 'random');
  return {
    name,
    protocol: data.protocol,
    personaChoice: { personas: choice.personas, scores: choice.scores },
    rows,
  };
}

const results: DataSetResult[] = values.from
  ? (JSON.parse(readFileSync(values.from, 'utf8')) as DataSetResult[])
  : [];
if (!values.from) {
  for (const [name, files] of Object.entries(dataSets))
    results.push(await evaluateDataSet(name, files));
  writeFileSync(values.results, JSON.stringify(results, null, 1));
}

const fmt = (v: number | undefined, digits = 3) => (v === undefined ? '—' : v.toFixed(digits));
const cell = (row: Row, metric: string) => {
  const [lo, hi] = row.intervals[metric] ?? [NaN, NaN];
  return `${fmt(row.metrics[metric])} (${fmt(lo)}–${fmt(hi)})`;
};
for (const r of results) {
  const chosen = `persona P=${r.personaChoice.personas}`;
  console.log(`\n**${r.name}**: validation chose P = ${r.personaChoice.personas}\n`);
  console.log(
    '| model | nDCG@10 | HR@10 | EPR ↓ | within-artist ↓ | diversity@20 | train s |\n| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const row of r.rows) {
    const label = row.model === chosen ? `${row.model} (chosen)` : row.model;
    console.log(
      `| ${label} | ${cell(row, 'ndcg@10')} | ${cell(row, 'hr@10')} | ${cell(row, 'epr')} | ${cell(row, 'within-artist')} | ${fmt(row.metrics['diversity@20'], 1)} | ${fmt(row.trainSeconds, 1)} |`,
    );
  }
}

const models = results[0]?.rows.map((row) => row.model) ?? [];
const panel = (metric: string, label: string, note: string): BarPanel => ({
  metric: label,
  note,
  values: results.map((r) =>
    models.map((m) => r.rows.find((row) => row.model === m)?.metrics[metric] ?? NaN),
  ),
  intervals: results.map((r) =>
    models.map((m) => r.rows.find((row) => row.model === m)?.intervals[metric] ?? [NaN, NaN]),
  ),
});
// Personas in one hue, light (P = 1) to dark (P = 6), so the eye reads them as one family.
const personaShades = ['#e7d4e8', '#c2a5cf', '#a87dbd', '#9970ab', '#762a83', '#40004b'];
const fixed: Record<string, string> = {
  als: '#0072B2',
  budget: '#000000',
  pop: '#999999',
  itemknn: '#E69F00',
  random: '#dddddd',
};
const colours = models.map((m) =>
  m.startsWith('persona P=') ? personaShades[Number(m.slice(10)) - 1]! : (fixed[m] ?? '#009E73'),
);
writeFileSync(
  values.svg,
  barChartSvg({
    colours,
    title: 'Track level, sessions as rows: test metrics with 95 % bootstrap intervals',
    groups: results.map((r) => r.name),
    models,
    panels: [
      panel('ndcg@10', 'nDCG@10', 'higher is better'),
      panel('hr@10', 'HR@10', 'higher is better'),
      panel('epr', 'EPR', 'lower is better, random 0.5'),
      panel('within-artist', 'within-artist percentile', 'lower is better, chance 0.5'),
      panel('diversity@20', 'diversity@20', 'distinct artists in the top 20'),
    ],
  }) + '\n',
);
process.stderr.write(`wrote ${values.svg} and ${values.from ?? values.results}\n`);
