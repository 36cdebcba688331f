// The Stats screen's data for the chosen range: one load of every stats call, repeated when the
// range changes or the engine says plays changed (an import finished, a track was heard).
import type { EncoreApi } from '../../../src-main/api/contract';
import type {
  DiscoveryPoint,
  HeatCell,
  SessionSummary,
  WeekCount,
} from '../../../src-main/db/history-stats';
import {
  localOffsetS,
  rangeBounds,
  topItems,
  type RangeId,
  type TopItemLists,
} from '../../lib/stats-range';

const TOP_N = 10;

export interface StatsData {
  weekly: WeekCount[];
  heatmap: HeatCell[];
  discovery: DiscoveryPoint[];
  top: TopItemLists;
  sessions: SessionSummary;
}

export class Stats {
  range = $state<RangeId>('year');
  data = $state.raw<StatsData | null>(null);
  problem = $state<string | null>(null);
  /** Answers to an older range that arrive late must not overwrite the newer one. */
  private generation = 0;

  constructor(private readonly api: EncoreApi) {}

  setRange(range: RangeId): void {
    this.range = range;
    void this.load();
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    // The moment of this load, not displayed state: nothing should re-render when it changes.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const now = new Date();
    const query = { ...rangeBounds(this.range, now), tzOffsetS: localOffsetS(now) };
    try {
      const [weekly, heatmap, discovery, top, sessions] = await Promise.all([
        this.api['stats.weekly'](query),
        this.api['stats.heatmap'](query),
        this.api['stats.discovery']({ from: query.from }),
        this.api['stats.top']({ from: query.from, limit: TOP_N }),
        this.api['history.sessions']({ from: query.from }),
      ]);
      if (generation !== this.generation) return;
      this.data = { weekly, heatmap, discovery, top: topItems(top), sessions };
      this.problem = null;
    } catch (e) {
      if (generation === this.generation) this.problem = (e as Error).message;
    }
  }

  /** Reloads on `plays-changed`; returns the unsubscribe. */
  follow(): () => void {
    return this.api.onEvent((event) => {
      if (event.type === 'plays-changed') void this.load();
    });
  }
}
