import { describe, expect, it } from 'vitest';
import {
  personaColour,
  personaMapChart,
  personaShareChart,
} from '../../../src-renderer/charts/persona-charts';
import { contrastRatio, darkTheme, lightTheme } from '../../../src-renderer/charts/theme';

const personas = [
  { persona: 0, label: 'Evenings · Indie Rock' },
  { persona: 1, label: 'Weekday mornings · Ambient' },
];

describe('persona colours', () => {
  it('gives eight distinct colours per theme, each ≥ 3:1 against the surface', () => {
    for (const theme of [lightTheme, darkTheme]) {
      const colours = Array.from({ length: 8 }, (_, p) => personaColour(theme, p));
      expect(new Set(colours).size).toBe(8);
      for (const c of colours) expect(contrastRatio(c, theme.surface)).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('the persona map', () => {
  const points = [
    { artist: 'The Copper Foxes', x: 1, y: 2, persona: 0, plays: 400 },
    { artist: 'Willow Fenwick', x: 1.5, y: 2.5, persona: 0, plays: 100 },
    { artist: 'Lumen Tide', x: -3, y: 0, persona: 1, plays: 25 },
  ];

  it('draws one series per persona holding its artists, bigger for more plays', () => {
    const config = personaMapChart(points, personas, lightTheme);
    const [first, second] = config.data.datasets;
    expect(first!.label).toBe('Evenings · Indie Rock');
    expect(first!.data.map((d) => d.artist)).toEqual(['The Copper Foxes', 'Willow Fenwick']);
    expect(second!.data.map((d) => d.artist)).toEqual(['Lumen Tide']);
    expect(first!.data[0]!.r).toBeGreaterThan(first!.data[1]!.r);
    expect(first!.borderColor).not.toBe(second!.borderColor);
  });

  it('names the artist and its plays on hover', () => {
    const config = personaMapChart(points, personas, darkTheme);
    const label = config.options!.plugins!.tooltip!.callbacks!.label as (ctx: unknown) => string;
    expect(label({ raw: points[2] })).toBe('Lumen Tide · 25 plays');
  });
});

describe('share of plays over time', () => {
  const months = [
    { monthStart: Date.UTC(2026, 4, 1) / 1000, shares: [0.25, 0.75] },
    { monthStart: Date.UTC(2026, 5, 1) / 1000, shares: [0.6, 0.4] },
  ];

  it('stacks one filled area per persona to 100 % per month', () => {
    const config = personaShareChart(months, personas, lightTheme);
    expect(config.data.labels).toEqual(['2026-05', '2026-06']);
    expect(config.data.datasets.map((d) => d.data)).toEqual([
      [25, 60],
      [75, 40],
    ]);
    expect(config.data.datasets.map((d) => d.fill)).toEqual(['origin', '-1']);
    expect(config.options!.scales!.y).toMatchObject({ stacked: true, max: 100 });
    expect(config.plugins?.map((p) => p.id)).toEqual(['filler']);
  });
});
