// Column-header sorting: clicking the sorted column flips its direction; clicking another column
// sorts by it in the direction a listener expects first (most played and newest first).

export type SortColumn = 'title' | 'artist' | 'album' | 'year' | 'duration' | 'plays' | 'added';
export type SortDir = 'asc' | 'desc';

const DESCENDING_FIRST: ReadonlySet<SortColumn> = new Set(['plays', 'added']);

export function nextSort(
  current: { sort: SortColumn; dir: SortDir },
  clicked: SortColumn,
): { sort: SortColumn; dir: SortDir } {
  if (current.sort === clicked)
    return { sort: clicked, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { sort: clicked, dir: DESCENDING_FIRST.has(clicked) ? 'desc' : 'asc' };
}
