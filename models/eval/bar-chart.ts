/**
 * Grouped bar charts of evaluation results as one standalone SVG string (docs/models-track-level.svg,
 * written by scripts/models-chart.ts): one panel per metric, one group of bars per data set, one
 * bar per model, each with its 95 % interval as a whisker. Pure, so a test can read it.
 */
export interface BarPanel {
  metric: string;
  /** "higher is better" or "lower is better", printed under the title. */
  note: string;
  /** values[group][model]; NaN leaves the bar out. */
  values: number[][];
  intervals?: [number, number][][];
}

export interface BarChartInput {
  title: string;
  groups: string[];
  models: string[];
  /** One colour per model; by default the palette below, in order. */
  colours?: string[];
  panels: BarPanel[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Eight colours that stay distinct for colour-blind readers (Okabe & Ito 2008). */
const palette = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

export function barChartSvg(input: BarChartInput): string {
  const colour = (m: number) => input.colours?.[m] ?? palette[m % palette.length]!;
  const bar = 9;
  const gap = 14;
  const groupWidth = input.models.length * bar + gap;
  const plotWidth = input.groups.length * groupWidth;
  const plotHeight = 150;
  const left = 52;
  const panelWidth = left + plotWidth + 16;
  const panelHeight = plotHeight + 86;
  const columns = Math.min(input.panels.length, 3);
  const rows = Math.ceil(input.panels.length / columns);
  const legendHeight = 18 * Math.ceil(input.models.length / 4) + 10;
  const width = columns * panelWidth;
  const height = 40 + legendHeight + rows * panelHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${esc(input.title)}</text>`,
  ];
  input.models.forEach((model, m) => {
    const x = 20 + (m % 4) * 170;
    const y = 40 + Math.floor(m / 4) * 18;
    parts.push(
      `<rect x="${x}" y="${y}" width="12" height="12" fill="${colour(m)}"/>`,
      `<text x="${x + 17}" y="${y + 10}">${esc(model)}</text>`,
    );
  });
  input.panels.forEach((panel, p) => {
    const x0 = (p % columns) * panelWidth + left;
    const y0 = 40 + legendHeight + Math.floor(p / columns) * panelHeight + 34;
    const finite = panel.values
      .flat()
      .concat((panel.intervals ?? []).flat(2))
      .filter(Number.isFinite);
    const top = niceCeiling(Math.max(0, ...finite));
    const y = (v: number) => y0 + plotHeight - (Math.max(0, v) / top) * plotHeight;
    parts.push(
      `<text x="${x0 + plotWidth / 2}" y="${y0 - 20}" text-anchor="middle" font-size="13">${esc(panel.metric)}</text>`,
      `<text x="${x0 + plotWidth / 2}" y="${y0 - 6}" text-anchor="middle" fill="#555">${esc(panel.note)}</text>`,
    );
    for (const tick of [0, 0.5, 1]) {
      const ty = y(tick * top);
      parts.push(
        `<line x1="${x0}" x2="${x0 + plotWidth}" y1="${ty}" y2="${ty}" stroke="#ddd"/>`,
        `<text x="${x0 - 4}" y="${ty + 4}" text-anchor="end" fill="#555">${format(tick * top)}</text>`,
      );
    }
    input.groups.forEach((group, g) => {
      const gx = x0 + g * groupWidth + gap / 2;
      input.models.forEach((_, m) => {
        const v = panel.values[g]?.[m] ?? NaN;
        if (!Number.isFinite(v)) return;
        const bx = gx + m * bar;
        parts.push(
          `<rect x="${bx}" y="${y(v)}" width="${bar - 1}" height="${y(0) - y(v)}" fill="${colour(m)}"><title>${esc(`${group}, ${input.models[m]}: ${format(v)}`)}</title></rect>`,
        );
        const interval = panel.intervals?.[g]?.[m];
        if (interval && interval.every(Number.isFinite)) {
          const cx = bx + (bar - 1) / 2;
          parts.push(
            `<line x1="${cx}" x2="${cx}" y1="${y(interval[0])}" y2="${y(interval[1])}" stroke="#333"/>`,
          );
        }
      });
      parts.push(
        `<text x="${gx + (input.models.length * bar) / 2}" y="${y0 + plotHeight + 14}" text-anchor="middle">${esc(group)}</text>`,
      );
    });
    parts.push(`<line x1="${x0}" x2="${x0 + plotWidth}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The axis top: the smallest 1, 2 or 5 × 10ⁿ at or above the largest value. */
function niceCeiling(v: number): number {
  if (v <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * power >= v) ?? 10) * power;
}

function format(v: number): string {
  return Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2);
}
