/**
 * Chart.js configurations for the Personas screen (src-main/recommend/personas.ts rows in, a
 * config out): the artist map and each persona's share of plays over time. Pure, like
 * history-charts.ts, so test/unit/personas/persona-charts.test.ts can call them in Node.
 */
import { Filler, type ChartConfiguration } from 'chart.js';
import type { PersonaMapPoint, PersonaMonth } from '../../src-main/recommend/personas';
import { dayLabel } from './history-charts';
import { axis, withAlpha, type ChartTheme } from './theme';

/**
 * One colour per persona (at most 8), each ≥ 3:1 against its theme's surface (WCAG 1.4.11),
 * checked in the unit test. The first is the theme's accent.
 */
const PALETTES = {
  light: ['#5b4cdb', '#b3541e', '#1f7a5a', '#b8306b', '#2f6db5', '#8a6d00', '#5f6e12', '#7a3fb0'],
  dark: ['#8b7fff', '#f08a4b', '#4cc79a', '#f06ba3', '#6fa8f0', '#e0b84a', '#b5c75a', '#c08af0'],
} as const;

export function personaColour(theme: ChartTheme, persona: number): string {
  const palette = PALETTES[theme.mode];
  return palette[persona % palette.length]!;
}

export interface NamedPersona {
  persona: number;
  label: string;
}

/** The listener's artists on the plane of the first two principal components, one series per persona. */
export function personaMapChart(
  points: readonly PersonaMapPoint[],
  personas: readonly NamedPersona[],
  theme: ChartTheme,
): ChartConfiguration<'scatter', (PersonaMapPoint & { r: number })[]> {
  const biggest = Math.max(1, ...points.map((p) => p.plays));
  return {
    type: 'scatter',
    data: {
      datasets: personas.map((p) => ({
        label: p.label,
        // Area grows with plays, so a favourite stands out from an artist heard twice.
        data: points
          .filter((pt) => pt.persona === p.persona)
          .map((pt) => ({ ...pt, r: 3 + 9 * Math.sqrt(pt.plays / biggest) })),
        backgroundColor: withAlpha(personaColour(theme, p.persona), 0.75),
        borderColor: personaColour(theme, p.persona),
        pointRadius: (ctx) => (ctx.raw as { r: number } | undefined)?.r ?? 4,
        pointHoverRadius: (ctx) => ((ctx.raw as { r: number } | undefined)?.r ?? 4) + 2,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: 14 }, // the biggest points sit on the extremes of both axes
      plugins: {
        legend: { position: 'bottom', labels: { color: theme.text, boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const pt = ctx.raw as PersonaMapPoint;
              return `${pt.artist} · ${pt.plays} plays`;
            },
          },
        },
      },
      // The axes of a PCA have no unit worth reading: keep the grid, drop the numbers.
      scales: {
        x: { ...axis(theme), ticks: { display: false } },
        y: { ...axis(theme), ticks: { display: false } },
      },
    },
  };
}

/** Each persona's share of the month's plays, stacked to 100 % (an area per persona). */
export function personaShareChart(
  months: readonly PersonaMonth[],
  personas: readonly NamedPersona[],
  theme: ChartTheme,
): ChartConfiguration<'line'> {
  return {
    type: 'line',
    // Filler draws the areas; registered here rather than globally since only this chart fills.
    plugins: [Filler],
    data: {
      labels: months.map((m) => dayLabel(m.monthStart).slice(0, 7)),
      datasets: personas.map((p, i) => ({
        label: p.label,
        data: months.map((m) => Math.round((m.shares[p.persona] ?? 0) * 1000) / 10),
        borderColor: personaColour(theme, p.persona),
        backgroundColor: withAlpha(personaColour(theme, p.persona), 0.55),
        fill: i === 0 ? 'origin' : '-1',
        pointRadius: 0,
        tension: 0.25,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${ctx.parsed.y} %` } },
      },
      scales: {
        x: { ...axis(theme), ticks: { color: theme.muted, maxTicksLimit: 12 } },
        y: { ...axis(theme, '% of plays'), stacked: true, min: 0, max: 100 },
      },
    },
  };
}
