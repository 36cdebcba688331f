import { describe, expect, it } from 'vitest';
import {
  lossCurveChart,
  MAX_RUNS,
  METRIC_GROUPS,
  metricComparisonChart,
  runMetrics,
  runPalette,
  trainingScope,
} from '../../../src-renderer/charts/model-charts';
import { contrastRatio, darkTheme, lightTheme } from '../../../src-renderer/charts/theme';
import type { ModelInfo } from '../../../src-main/recommend/handlers';

/** A `models.list` row shaped like the ones src-main/training/train-job.ts stores. */
function run(id: number, metrics: Record<string, unknown>, active = false): ModelInfo {
  return { id, kind: 'als', params: {}, metrics, trainedAt: 1_700_000_000 + id * 60, active };
}

const trained = (id: number, ndcg: number, epr: number, active = false) =>
  run(
    id,
    {
      loss: [9, 6, 5],
      artistLoss: [300, 200],
      trainSeconds: 1.5,
      holdout: { 'ndcg@10': ndcg, epr, rows: 40 },
      popularityHoldout: { 'ndcg@10': ndcg / 2, epr: 0.3, rows: 40 },
    },
    active,
  );

describe('Models chart configurations', () => {
  it('groups the bars by metric, one bar per run, after the popularity baseline of the newest run', () => {
    const config = metricComparisonChart(
      [trained(2, 0.4, 0.1, true), trained(1, 0.2, 0.2)],
      lightTheme,
    );
    expect(config.data.labels).toEqual([...METRIC_GROUPS]);
    expect(config.data.datasets.map((d) => d.label)).toEqual([
      'Popularity baseline',
      'ALS #1',
      'ALS #2 (active)',
    ]);
    expect(config.data.datasets.map((d) => d.data)).toEqual([
      [0.2, 0.3],
      [0.2, 0.2],
      [0.4, 0.1],
    ]);
    expect(config.options?.scales?.y).toMatchObject({ min: 0, max: 1 });
  });

  it('leaves out runs without hold-out metrics and keeps only the newest few', () => {
    const runs = [run(99, { loss: [1], holdout: null })];
    for (let id = 1; id <= MAX_RUNS + 2; id++) runs.push(trained(id, id / 10, 0.1));
    const labels = metricComparisonChart(runs, lightTheme).data.datasets.map((d) => d.label);
    expect(labels).toEqual(['Popularity baseline', 'ALS #3', 'ALS #4', 'ALS #5', 'ALS #6']);
  });

  it('draws no baseline bar for a run recorded before baselines were stored', () => {
    const old = run(1, { holdout: { 'ndcg@10': 0.3, epr: 0.2, rows: 9 } });
    const config = metricComparisonChart([old], darkTheme);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['ALS #1']);
    expect(config.data.datasets[0]!.backgroundColor).toBe(darkTheme.accent);
  });

  it('plots the track and artist losses per iteration on their own axes', () => {
    const config = lossCurveChart(trained(1, 0.3, 0.1), lightTheme);
    expect(config.data.labels).toEqual(['1', '2', '3']);
    const [tracks, artists] = config.data.datasets;
    expect(tracks).toMatchObject({ label: 'Tracks', data: [9, 6, 5], yAxisID: 'y' });
    expect(artists).toMatchObject({ label: 'Artists', data: [300, 200], yAxisID: 'y1' });
    expect(config.options?.scales?.y1).toMatchObject({ position: 'right' });
  });

  it('reads malformed metrics as empty rather than throwing', () => {
    const odd = run(1, { loss: 'nope', artistLoss: [1, null, 2], holdout: { epr: 'x' } });
    expect(runMetrics(odd)).toEqual({
      loss: [],
      artistLoss: [1, 2],
      trainSeconds: null,
      holdout: null,
      popularityHoldout: null,
    });
    expect(lossCurveChart(odd, darkTheme).data.labels).toEqual(['1', '2']);
  });

  for (const theme of [lightTheme, darkTheme]) {
    it(`uses the ${theme.mode} theme's colours, every bar and line readable on its surface`, () => {
      const bars = metricComparisonChart(
        [trained(1, 0.1, 0.4), trained(2, 0.2, 0.3), trained(3, 0.3, 0.2), trained(4, 0.4, 0.1)],
        theme,
      );
      const fills = bars.data.datasets.map((d) => d.backgroundColor as string);
      expect(fills[0]).toBe(theme.secondary);
      expect(fills.at(-1)).toBe(theme.accent);
      expect(new Set(fills).size).toBe(fills.length);
      for (const colour of runPalette(theme))
        expect(contrastRatio(colour, theme.surface)).toBeGreaterThanOrEqual(3);
      expect(bars.options?.plugins?.legend?.labels?.color).toBe(theme.text);

      const lines = lossCurveChart(trained(1, 0.3, 0.1), theme);
      expect(lines.data.datasets.map((d) => d.borderColor)).toEqual([
        theme.accent,
        theme.secondary,
      ]);
      expect(lines.options?.scales?.x).toMatchObject({ grid: { color: theme.grid } });
    });
  }
});

describe('trainingScope', () => {
  it('says what a radio GRU trained on when its budget left older plays out', () => {
    const gru = run(7, { plays: 166_680, leftOutPlays: 2_833_320, epochs: 3 });
    expect(trainingScope(gru)).toBe('Latest 166,680 plays, 3 epochs (2,833,320 older left out)');
    expect(trainingScope(run(8, { plays: 40, leftOutPlays: 2, epochs: 1 }))).toBe(
      'Latest 40 plays, 1 epoch (2 older left out)',
    );
  });

  it('says nothing for a run that saw the whole history, or with metrics it cannot read', () => {
    expect(trainingScope(run(1, { plays: 500, leftOutPlays: 0, epochs: 10 }))).toBeNull();
    expect(trainingScope(trained(2, 0.3, 0.2))).toBeNull();
    expect(trainingScope(run(3, { plays: '12', leftOutPlays: 4 }))).toBeNull();
  });
});
