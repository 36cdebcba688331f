// The visible-window arithmetic of a fixed-row-height virtual list: only rows that intersect the
// viewport (plus some overscan above and below) are put in the DOM, whatever the row count.

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  /** Extra rows rendered on each side so a fast scroll does not show blank space. */
  overscan: number;
}

export interface VisibleWindow {
  /** First row index in the DOM (inclusive). */
  start: number;
  /** One past the last row index in the DOM. */
  end: number;
  /** Height of the whole list, so the scrollbar is the size of all rows. */
  height: number;
}

export function visibleWindow(w: WindowInput): VisibleWindow {
  const total = Math.max(0, Math.floor(w.total));
  const height = total * w.rowHeight;
  if (total === 0 || w.rowHeight <= 0) return { start: 0, end: 0, height };
  const top = Math.max(0, w.scrollTop);
  const first = Math.min(total - 1, Math.floor(top / w.rowHeight));
  const last = Math.ceil((top + Math.max(0, w.viewportHeight)) / w.rowHeight);
  return {
    start: Math.max(0, first - w.overscan),
    end: Math.min(total, Math.max(first + 1, last) + w.overscan),
    height,
  };
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return null;
}

/** How many cards of `cardWidth` (plus `gap`) fit across `width`; never fewer than one. */
export function columnsFor(width: number, cardWidth: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (cardWidth + gap)));
}
