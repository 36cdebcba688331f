import { describe, expect, it } from 'vitest';
import type { TooltipItem } from 'chart.js';
import {
  discoveryChart,
  hourWeekdayHeatmap,
  topListChart,
  weeklyPlaysChart,
  type HeatPoint,
} from '../../../src-renderer/charts/history-charts';
import {
  contrastRatio,
  darkTheme,
  lightTheme,
  withAlpha,
} from '../../../src-renderer/charts/theme';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('Stats chart configurations', () => {
  it('draws plays per week with empty weeks as zero bars', () => {
    const config = weeklyPlaysChart(
      [
        { weekStart: at('2024-01-01T00:00:00Z'), plays: 5 },
        { weekStart: at('2024-01-22T00:00:00Z'), plays: 2 },
      ],
      lightTheme,
    );
    expect(config.data.labels).toEqual(['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22']);
    expect(config.data.datasets[0]!.data).toEqual([5, 0, 0, 2]);
  });

  it('lists the top items first, truncating long names', () => {
    const long = 'A'.repeat(60);
    const config = topListChart(
      [
        { label: long, plays: 9 },
        { label: 'Short', plays: 3 },
      ],
      darkTheme,
      'Top artists',
    );
    expect(config.options?.indexAxis).toBe('y');
    expect(config.data.labels).toEqual([`${'A'.repeat(39)}…`, 'Short']);
    expect(config.data.datasets[0]!.data).toEqual([9, 3]);
  });

  it('fills all 168 hour × weekday cells, the busiest one fully opaque', () => {
    const config = hourWeekdayHeatmap(
      [
        { weekday: 0, hour: 8, plays: 10 },
        { weekday: 6, hour: 23, plays: 5 },
      ],
      lightTheme,
    );
    const points = config.data.datasets[0]!.data as HeatPoint[];
    const colours = config.data.datasets[0]!.backgroundColor as string[];
    expect(points).toHaveLength(168);
    expect(points[8]).toEqual({ x: 8, y: 0, plays: 10 });
    expect(colours[8]).toBe(withAlpha(lightTheme.accent, 1));
    expect(colours[167]).toBe(withAlpha(lightTheme.accent, 0.53));
    expect(colours[0]).toBe(withAlpha(lightTheme.accent, 0.06));
  });

  it('labels a heatmap cell with its day, hour and plays', () => {
    const config = hourWeekdayHeatmap([{ weekday: 2, hour: 7, plays: 4 }], darkTheme);
    const label = config.options?.plugins?.tooltip?.callbacks?.label as (
      item: TooltipItem<'scatter'>,
    ) => string;
    expect(label({ raw: { x: 7, y: 2, plays: 4 } } as TooltipItem<'scatter'>)).toBe(
      'Wed 07:00 · 4 plays',
    );
  });

  it('puts new artists and plays per month on two axes', () => {
    const config = discoveryChart(
      [
        { monthStart: at('2024-01-01T00:00:00Z'), newArtists: 3, plays: 40 },
        { monthStart: at('2024-02-01T00:00:00Z'), newArtists: 1, plays: 25 },
      ],
      darkTheme,
    );
    expect(config.data.labels).toEqual(['2024-01', '2024-02']);
    expect(config.data.datasets.map((d) => [d.type, d.yAxisID, d.data])).toEqual([
      ['bar', 'y', [3, 1]],
      ['line', 'plays', [40, 25]],
    ]);
  });
});

describe('chart themes', () => {
  it.each([lightTheme, darkTheme])(
    'are readable in $mode: text 4.5:1, marks 3:1 against the surface',
    (theme) => {
      expect(contrastRatio(theme.text, theme.surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(theme.muted, theme.surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(theme.accent, theme.surface)).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(theme.secondary, theme.surface)).toBeGreaterThanOrEqual(3);
    },
  );

  it('colour every chart from the theme it is given', () => {
    const light = JSON.stringify(weeklyPlaysChart([{ weekStart: 0, plays: 1 }], lightTheme));
    const dark = JSON.stringify(weeklyPlaysChart([{ weekStart: 0, plays: 1 }], darkTheme));
    expect(light).toContain(lightTheme.accent);
    expect(dark).toContain(darkTheme.accent);
    expect(dark).not.toContain(lightTheme.accent);
  });
});
