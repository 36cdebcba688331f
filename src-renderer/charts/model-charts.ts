/**
 * Pure functions from `models.list` rows to Chart.js configurations for the Models screen: a
 * grouped bar chart comparing hold-out metrics across runs (with the popularity baseline), and the
 * training-loss curves of one run. No DOM, no Svelte, so a Node test can call them.
 */
import type { ChartConfiguration } from 'chart.js';
import type { ModelInfo } from '../../src-main/recommend/handlers';
import { axis, type ChartTheme } from './theme';

/** The metrics a run stores (src-main/training/train-job.ts), read defensively: rows are JSON. */
export interface RunMetrics {
  loss: number[];
  artistLoss: number[];
  trainSeconds: number | null;
  holdout: { ndcg: number; epr: number } | null;
  popularityHoldout: { ndcg: number; epr: number } | null;
}

const numbers = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];

function holdoutOf(v: unknown): RunMetrics['holdout'] {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const ndcg = r['ndcg@10'];
  const epr = r.epr;
  return typeof ndcg === 'number' && typeof epr === 'number' ? { ndcg, epr } : null;
}

export function runMetrics(model: Pick<ModelInfo, 'metrics'>): RunMetrics {
  const m = model.metrics;
  return {
    loss: numbers(m.loss),
    artistLoss: numbers(m.artistLoss),
    trainSeconds: typeof m.trainSeconds === 'number' ? m.trainSeconds : null,
    holdout: holdoutOf(m.holdout),
    popularityHoldout: holdoutOf(m.popularityHoldout),
  };
}

/**
 * "Latest 166,680 plays, 3 epochs": what a radio GRU trained on when its training budget left the
 * older plays out (radio-gru.ts); null for every other run, which saw the whole history.
 */
export function trainingScope(model: Pick<ModelInfo, 'metrics'>): string | null {
  const { plays, leftOutPlays, epochs } = model.metrics;
  if (typeof plays !== 'number' || typeof leftOutPlays !== 'number' || !(leftOutPlays > 0))
    return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const e = typeof epochs === 'number' ? `, ${epochs} epoch${epochs === 1 ? '' : 's'}` : '';
  return `Latest ${n(plays)} plays${e} (${n(leftOutPlays)} older left out)`;
}

/** Short names of the stored model kinds; an unknown kind reads as itself, upper-cased. */
const KIND_NAMES: Record<string, string> = { als: 'ALS', nextsong: 'GRU', budget: 'Budget' };

/** "ALS #3": short enough for a legend, unique per run. */
export function runLabel(model: Pick<ModelInfo, 'id' | 'kind'>): string {
  return `${KIND_NAMES[model.kind] ?? model.kind.toUpperCase()} #${model.id}`;
}

/**
 * Colours for the runs, newest last. The newest run takes the accent; older runs take further
 * distinct hues (each ≥ 3:1 against the surface, checked in the unit test). The baseline keeps
 * the theme's secondary colour, so it reads the same in every chart.
 */
export function runPalette(theme: ChartTheme): string[] {
  return theme.mode === 'dark'
    ? ['#4fc4b8', '#f08c7e', '#9aa0ad', theme.accent]
    : ['#00756f', '#c2412d', '#646a76', theme.accent];
}

/** At most this many runs are compared: more bars per group stop being readable. */
export const MAX_RUNS = 4;

export const METRIC_GROUPS = ['nDCG@10 (higher is better)', 'EPR (lower is better)'] as const;

/**
 * One group per metric, one bar per run (the newest MAX_RUNS that have hold-out metrics, oldest
 * first) plus the popularity baseline measured on the newest run's split.
 */
export function metricComparisonChart(
  models: readonly ModelInfo[],
  theme: ChartTheme,
): ChartConfiguration<'bar'> {
  const runs = models
    .map((model) => ({ model, metrics: runMetrics(model) }))
    .filter((r) => r.metrics.holdout !== null)
    .sort((a, b) => a.model.trainedAt - b.model.trainedAt || a.model.id - b.model.id)
    .slice(-MAX_RUNS);
  const palette = runPalette(theme).slice(-runs.length);
  const baseline = runs.at(-1)?.metrics.popularityHoldout ?? null;
  const datasets = [
    ...(baseline
      ? [
          {
            label: 'Popularity baseline',
            data: [baseline.ndcg, baseline.epr],
            backgroundColor: theme.secondary,
            borderWidth: 0,
          },
        ]
      : []),
    ...runs.map(({ model, metrics }, i) => ({
      label: model.active ? `${runLabel(model)} (active)` : runLabel(model),
      data: [metrics.holdout!.ndcg, metrics.holdout!.epr],
      backgroundColor: palette[i]!,
      borderWidth: 0,
    })),
  ];
  return {
    type: 'bar',
    data: { labels: [...METRIC_GROUPS], datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { labels: { color: theme.text } } },
      scales: {
        x: { ...axis(theme), ticks: { color: theme.text } },
        // Both metrics live in [0, 1]: a fixed axis keeps runs comparable as they come and go.
        y: { ...axis(theme), min: 0, max: 1 },
      },
    },
  };
}

/**
 * Training loss per iteration of one run: the track model on the left axis, the artist model on
 * the right (their matrices differ in size, so their losses differ by orders of magnitude).
 */
export function lossCurveChart(
  model: Pick<ModelInfo, 'metrics'>,
  theme: ChartTheme,
): ChartConfiguration<'line'> {
  const { loss, artistLoss } = runMetrics(model);
  const iterations = Math.max(loss.length, artistLoss.length);
  const line = (label: string, data: number[], colour: string, yAxisID: string) => ({
    label,
    data,
    yAxisID,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 2,
    pointRadius: 2,
    tension: 0,
  });
  return {
    type: 'line',
    data: {
      labels: Array.from({ length: iterations }, (_, i) => String(i + 1)),
      datasets: [
        line('Tracks', loss, theme.accent, 'y'),
        line('Artists', artistLoss, theme.secondary, 'y1'),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { labels: { color: theme.text } } },
      scales: {
        x: axis(theme, 'iteration'),
        y: { ...axis(theme, 'tracks loss'), position: 'left' },
        y1: { ...axis(theme, 'artists loss'), position: 'right', grid: { drawOnChartArea: false } },
      },
    },
  };
}
