import { describe, expect, it } from 'vitest';
import { barChartSvg } from '../../../models/eval/bar-chart';

const chart = barChartSvg({
  title: 'nDCG <track level>',
  groups: ['Last.fm', 'Spotify'],
  models: ['als', 'itemknn', 'pop'],
  panels: [
    {
      metric: 'nDCG@10',
      note: 'higher is better',
      values: [
        [0.1, 0.3, NaN],
        [0.05, 0.31, 0.01],
      ],
      intervals: [
        [
          [0.08, 0.12],
          [0.25, 0.35],
          [NaN, NaN],
        ],
        [
          [0.03, 0.07],
          [0.26, 0.37],
          [0, 0.02],
        ],
      ],
    },
  ],
});

describe('the grouped bar chart of evaluation results', () => {
  it('draws one bar per data set and model with a value, leaving NaN out', () => {
    expect(chart.match(/<rect [^>]*><title>/g)).toHaveLength(5);
    expect(chart).toContain('<title>Spotify, itemknn: 0.31</title>');
    expect(chart).not.toContain('Last.fm, pop');
  });

  it('draws the 95 % interval of every bar that has one as a whisker', () => {
    expect(chart.match(/<line [^>]*stroke="#333"\/>/g)).toHaveLength(5 + 1); // whiskers + axis
  });

  it('scales bars to a round axis top at or above the largest interval end', () => {
    // Largest value 0.37 → axis top 0.5; a bar of 0.3 is 0.3 / 0.5 of the 150-pixel plot.
    const heights = [...chart.matchAll(/height="([\d.]+)" fill="#E69F00"><title>/g)].map((m) =>
      Number(m[1]),
    );
    expect(heights[0]).toBeCloseTo(90, 5);
    expect(chart).toContain('>0.50<');
  });

  it('escapes text and names every model in the legend', () => {
    expect(chart).toContain('nDCG &lt;track level&gt;');
    for (const model of ['als', 'itemknn', 'pop']) expect(chart).toContain(`>${model}</text>`);
  });
});
