/**
 * Pure functions from stats rows (src-main/db/history-stats.ts) to Chart.js configurations for the
 * Stats screen. No DOM, no Svelte: a Node test can call them; the screen passes the result to
 * `new Chart(canvas, config)`. Category axes only, so no date adapter is needed.
 */
import type { ChartConfiguration, Scale } from 'chart.js';
import type { DiscoveryPoint, HeatCell, WeekCount } from '../../src-main/db/history-stats';
import { axis, withAlpha, type ChartTheme } from './theme';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** `{ value }` ticks from `from` to `to` inclusive, `step` apart: the shape Chart.js keeps. */
export function wholeTicks(from: number, to: number, step: number): { value: number }[] {
  const ticks: { value: number }[] = [];
  for (let v = from; v <= to; v += step) ticks.push({ value: v });
  return ticks;
}

/** UTC epoch seconds → "2024-01-08" (the stats rows are already shifted to local time). */
export function dayLabel(epochS: number): string {
  return new Date(epochS * 1000).toISOString().slice(0, 10);
}

/** Plays per week over time; weeks without plays are drawn as zero, not skipped. */
export function weeklyPlaysChart(rows: WeekCount[], theme: ChartTheme): ChartConfiguration<'bar'> {
  const WEEK = 7 * 86_400;
  const filled: WeekCount[] = [];
  for (const row of rows) {
    const last = filled.at(-1);
    if (last)
      for (let w = last.weekStart + WEEK; w < row.weekStart; w += WEEK)
        filled.push({ weekStart: w, plays: 0 });
    filled.push(row);
  }
  return {
    type: 'bar',
    data: {
      labels: filled.map((r) => dayLabel(r.weekStart)),
      datasets: [
        {
          label: 'Plays per week',
          data: filled.map((r) => r.plays),
          backgroundColor: theme.accent,
          borderWidth: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: {
        x: { ...axis(theme), ticks: { color: theme.muted, maxTicksLimit: 12 } },
        y: { ...axis(theme, 'plays'), beginAtZero: true },
      },
    },
  };
}

export interface TopItem {
  label: string;
  plays: number;
}

/** A ranked list (top artists / tracks / albums) as horizontal bars, the first at the top. */
export function topListChart(
  items: TopItem[],
  theme: ChartTheme,
  title: string,
): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: items.map((i) => (i.label.length > 40 ? `${i.label.slice(0, 39)}…` : i.label)),
      datasets: [
        {
          label: title,
          data: items.map((i) => i.plays),
          backgroundColor: theme.accent,
          borderWidth: 0,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        title: { display: true, text: title, color: theme.text },
      },
      scales: {
        x: { ...axis(theme, 'plays'), beginAtZero: true },
        y: { ...axis(theme), ticks: { color: theme.text, autoSkip: false } },
      },
    },
  };
}

export interface HeatPoint {
  x: number;
  y: number;
  plays: number;
}

/**
 * Listening by hour of day × weekday: a scatter of 168 square points whose opacity grows with the
 * plays in that hour (Chart.js has no heatmap type; squares on a 24 × 7 grid read as one).
 * Empty hours keep a faint square so the grid stays visible in both themes.
 */
export function hourWeekdayHeatmap(
  cells: HeatCell[],
  theme: ChartTheme,
): ChartConfiguration<'scatter', HeatPoint[]> {
  const counts = new Map(cells.map((c) => [c.weekday * 24 + c.hour, c.plays]));
  const max = Math.max(1, ...cells.map((c) => c.plays));
  const points: HeatPoint[] = [];
  for (let weekday = 0; weekday < 7; weekday++) {
    for (let hour = 0; hour < 24; hour++)
      points.push({ x: hour, y: weekday, plays: counts.get(weekday * 24 + hour) ?? 0 });
  }
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'Plays',
          data: points,
          pointStyle: 'rect',
          pointRadius: 9,
          pointHoverRadius: 10,
          backgroundColor: points.map((p) =>
            withAlpha(theme.accent, 0.06 + 0.94 * (p.plays / max)),
          ),
          borderWidth: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const p = item.raw as HeatPoint;
              return `${WEEKDAYS[p.y]} ${String(p.x).padStart(2, '0')}:00 · ${p.plays} plays`;
            },
          },
        },
      },
      scales: {
        // The axes run from -0.5 so the squares sit inside the grid, and Chart.js starts its ticks
        // at the minimum (-0.5, 2.5, …; weekday ticks the callback cannot name): put them on whole
        // hours and weekdays instead, and drop the grid lines, which would cross the squares'
        // centres (the faint empty squares draw the grid).
        x: {
          ...axis(theme, 'hour'),
          min: -0.5,
          max: 23.5,
          grid: { display: false },
          afterBuildTicks: (scale: Scale) => void (scale.ticks = wholeTicks(0, 23, 3)),
          ticks: { color: theme.muted, stepSize: 3 },
        },
        y: {
          ...axis(theme),
          min: -0.5,
          max: 6.5,
          reverse: true, // Monday at the top, as a calendar reads
          grid: { display: false },
          afterBuildTicks: (scale: Scale) => void (scale.ticks = wholeTicks(0, 6, 1)),
          ticks: { color: theme.muted, stepSize: 1, callback: (v) => WEEKDAYS[Number(v)] ?? '' },
        },
      },
    },
  };
}

/** New artists per month (bars) with total plays (a line on its own axis) for context. */
export function discoveryChart(
  points: DiscoveryPoint[],
  theme: ChartTheme,
): ChartConfiguration<'bar' | 'line'> {
  return {
    type: 'bar',
    data: {
      labels: points.map((p) => dayLabel(p.monthStart).slice(0, 7)),
      datasets: [
        {
          type: 'bar',
          label: 'New artists',
          data: points.map((p) => p.newArtists),
          backgroundColor: theme.accent,
          yAxisID: 'y',
        },
        {
          type: 'line',
          label: 'Plays',
          data: points.map((p) => p.plays),
          borderColor: theme.secondary,
          backgroundColor: theme.secondary,
          pointRadius: 0,
          yAxisID: 'plays',
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { labels: { color: theme.text } } },
      scales: {
        x: axis(theme),
        y: { ...axis(theme, 'new artists'), beginAtZero: true },
        plays: {
          ...axis(theme, 'plays'),
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
        },
      },
    },
  };
}
