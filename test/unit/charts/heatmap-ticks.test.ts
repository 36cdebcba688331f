import type { Scale } from 'chart.js';
import { describe, expect, it } from 'vitest';
import {
  WEEKDAYS,
  hourWeekdayHeatmap,
  wholeTicks,
} from '../../../src-renderer/charts/history-charts';
import { lightTheme } from '../../../src-renderer/charts/theme';

/** Runs an axis's afterBuildTicks on a stand-in scale and returns the ticks it leaves. */
function ticksAfterBuild(options: unknown): number[] {
  const scale = { ticks: [{ value: -0.5 }, { value: 0.5 }] } as unknown as Scale;
  (options as { afterBuildTicks: (s: Scale) => void }).afterBuildTicks(scale);
  return scale.ticks.map((t) => t.value);
}

describe('the heatmap axes', () => {
  it('counts whole steps from the first value to the last, both included', () => {
    expect(wholeTicks(0, 6, 1).map((t) => t.value)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(wholeTicks(0, 23, 3).map((t) => t.value)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
  });

  it('labels every weekday row and every third hour, without lines through the squares', () => {
    const config = hourWeekdayHeatmap([{ weekday: 2, hour: 20, plays: 5 }], lightTheme);
    const scales = config.options?.scales ?? {};
    expect(ticksAfterBuild(scales.y)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ticksAfterBuild(scales.x)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    // The weekday callback names each whole tick, Monday first.
    const label = (scales.y as { ticks: { callback: (v: number) => string } }).ticks.callback;
    expect([0, 1, 2, 3, 4, 5, 6].map((v) => label(v))).toEqual([...WEEKDAYS]);
    expect(scales.y).toMatchObject({ min: -0.5, max: 6.5, reverse: true });
    // Grid lines would now cross the squares' centres; the empty squares draw the grid instead.
    expect([scales.x?.grid?.display, scales.y?.grid?.display]).toEqual([false, false]);
  });
});
