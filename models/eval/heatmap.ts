/**
 * A heat map of a metric over a two-parameter grid (the alpha × lambda picture of the dotify
 * notebook) as a standalone SVG string: pure, so a test can read it and the CLI can write it.
 */
export interface HeatmapInput {
  title: string;
  xLabel: string;
  yLabel: string;
  xs: number[];
  ys: number[];
  /** values[y][x]; NaN draws an empty cell. */
  values: number[][];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Light yellow (low) to dark blue (high), interpolated in RGB. */
function colour(t: number): string {
  const from = [255, 247, 188];
  const to = [8, 48, 107];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `rgb(${c.join(',')})`;
}

export function heatmapSvg(input: HeatmapInput): string {
  const cell = 64;
  const left = 90;
  const top = 50;
  const width = left + input.xs.length * cell + 20;
  const height = top + input.ys.length * cell + 60;
  const finite = input.values.flat().filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="14">${esc(input.title)}</text>`,
  ];
  input.ys.forEach((y, yi) => {
    parts.push(
      `<text x="${left - 8}" y="${top + yi * cell + cell / 2 + 4}" text-anchor="end">${y}</text>`,
    );
    input.xs.forEach((_, xi) => {
      const v = input.values[yi]?.[xi] ?? NaN;
      const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
      const fill = Number.isFinite(v) ? colour(t) : '#eee';
      const text = t > 0.5 ? 'white' : 'black';
      const [x0, y0] = [left + xi * cell, top + yi * cell];
      parts.push(
        `<rect x="${x0}" y="${y0}" width="${cell}" height="${cell}" fill="${fill}" stroke="white"/>`,
      );
      if (Number.isFinite(v)) {
        parts.push(
          `<text x="${x0 + cell / 2}" y="${y0 + cell / 2 + 4}" text-anchor="middle" fill="${text}">${v.toFixed(3)}</text>`,
        );
      }
    });
  });
  input.xs.forEach((x, xi) => {
    parts.push(
      `<text x="${left + xi * cell + cell / 2}" y="${top + input.ys.length * cell + 18}" text-anchor="middle">${x}</text>`,
    );
  });
  parts.push(
    `<text x="${left + (input.xs.length * cell) / 2}" y="${height - 12}" text-anchor="middle">${esc(input.xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(20 ${top + (input.ys.length * cell) / 2}) rotate(-90)" text-anchor="middle">${esc(input.yLabel)}</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}
