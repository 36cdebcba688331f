// The hour × weekday heatmap's axes run from -0.5 to 23.5 and -0.5 to 6.5 so the squares sit inside
// the grid, and Chart.js starts its ticks at the axis minimum: left alone it labels the hours -0.5,
// 2.5, … and gives every weekday tick a fractional value that the weekday callback cannot name, so
// the rows have no labels. This puts the ticks on whole hours and weekdays instead, and drops the
// grid lines, which would then run through the middle of each square (the faint empty squares
// already draw the grid).
// (The lasting fix belongs in hourWeekdayHeatmap in src-renderer/charts/history-charts.ts; once it
// is there this wrapper can go.)
import type { ChartConfiguration, Scale } from 'chart.js';
import type { HeatPoint } from '../charts/history-charts';

/** `{ value }` ticks from `from` to `to` inclusive, `step` apart: the shape Chart.js keeps. */
export function wholeTicks(from: number, to: number, step: number): { value: number }[] {
  const ticks: { value: number }[] = [];
  for (let v = from; v <= to; v += step) ticks.push({ value: v });
  return ticks;
}

export function withWholeHeatmapTicks(
  config: ChartConfiguration<'scatter', HeatPoint[]>,
): ChartConfiguration<'scatter', HeatPoint[]> {
  const scales = config.options?.scales ?? {};
  return {
    ...config,
    options: {
      ...config.options,
      scales: {
        ...scales,
        x: {
          ...scales.x,
          grid: { display: false },
          afterBuildTicks: (scale: Scale) => void (scale.ticks = wholeTicks(0, 23, 3)),
        },
        y: {
          ...scales.y,
          grid: { display: false },
          afterBuildTicks: (scale: Scale) => void (scale.ticks = wholeTicks(0, 6, 1)),
        },
      },
    },
  };
}
