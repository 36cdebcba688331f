// How numbers read in the UI: durations as a clock face, counts with grouping, plurals in words.

/** `3:07`, `1:02:03`; `–:––` when the length is unknown (a file whose tags lack it). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '–:––';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const grouping = new Intl.NumberFormat('en-US');

/** `12,345` — always the same separator so tests and screenshots do not depend on the locale. */
export function formatCount(n: number): string {
  return grouping.format(n);
}

/** `1 track`, `2 tracks`, `1,204 albums`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

/** A long total such as a whole library: `3 h 20 min`, `2 d 4 h`. */
export function formatLength(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
