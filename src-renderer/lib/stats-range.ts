// The Stats screen's range picker and the rows it turns into lists: which UTC span each choice
// covers, the listener's clock offset the engine needs for weeks and hours, and list labels.
import type { TopLists } from '../../src-main/db/history-stats';
import type { TopItem } from '../charts/history-charts';

export type RangeId = '4w' | '6m' | 'year' | 'all';

export const RANGES: readonly { id: RangeId; label: string }[] = [
  { id: '4w', label: 'Last 4 weeks' },
  { id: '6m', label: '6 months' },
  { id: 'year', label: 'Year' },
  { id: 'all', label: 'All time' },
];

const DAY_S = 86_400;

/**
 * The UTC span of a range ending now: `from` only, because nothing was heard after now (and an
 * open end keeps plays recorded while the screen is open). Months are counted on the calendar
 * (15 May → 15 November), not as blocks of 30 days.
 */
export function rangeBounds(id: RangeId, now: Date): { from?: number } {
  const nowS = Math.floor(now.getTime() / 1000);
  switch (id) {
    case '4w':
      return { from: nowS - 28 * DAY_S };
    case '6m':
    case 'year': {
      const start = new Date(now.getTime());
      start.setUTCMonth(start.getUTCMonth() - (id === '6m' ? 6 : 12));
      return { from: Math.floor(start.getTime() / 1000) };
    }
    case 'all':
      return {};
  }
}

export { localOffsetS } from './local-clock';

export interface TopItemLists {
  artists: TopItem[];
  tracks: TopItem[];
  albums: TopItem[];
}

/** Engine rows → labelled items: tracks and albums carry their artist ("Title — Artist"). */
export function topItems(lists: TopLists): TopItemLists {
  return {
    artists: lists.artists.map((a) => ({ label: a.artist, plays: a.plays })),
    tracks: lists.tracks.map((t) => ({ label: `${t.title} — ${t.artist}`, plays: t.plays })),
    albums: lists.albums.map((a) => ({ label: `${a.album} — ${a.artist}`, plays: a.plays })),
  };
}
