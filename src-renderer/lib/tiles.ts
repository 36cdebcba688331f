// Cover-less tiles: each album or artist gets a stable colour and up to two initials, so a grid
// of albums without artwork is still easy to scan.

/** A hue in [0, 360) that depends only on the id (golden-angle steps spread neighbours apart). */
export function hueFor(id: number): number {
  return Math.round((id * 137.508) % 360);
}

/** `The Dark Side of the Moon` → `DS`; `Abbey Road` → `AR`; `1989` → `19`. */
export function initials(name: string): string {
  const words = name
    .replace(/^(the|a|an)\s+/i, '')
    .split(/[\s\-_/]+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return '♪';
  if (words.length === 1) return [...(words[0] ?? '')].slice(0, 2).join('').toUpperCase();
  return words
    .slice(0, 2)
    .map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '')
    .join('')
    .toUpperCase();
}

/** Case- and accent-insensitive containment, for filtering albums and artists as you type. */
export function matches(haystack: string, needle: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return fold(haystack).includes(fold(needle.trim()));
}
