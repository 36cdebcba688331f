/**
 * Normalised names for matching plays to library tracks and for spotting the same listen reported
 * by two sources. Stronger than `library/names.ts#nameKey` (which only decides when two tags name
 * one entity): here "The Beatles – Let It Be - Remastered 2009" and "beatles - let it be" must meet.
 */

/** Version suffixes that name the same recording (or one a listener treats as the same song). */
const VERSION_WORDS =
  'remaster(?:ed)?|\\d{4} remaster(?:ed)?|remaster(?:ed)? \\d{4}|re-?recorded|live|mono|stereo|' +
  'single version|album version|original mix|original version|explicit|clean|bonus track|deluxe(?: edition)?';

/** "(Remastered 2009)", "[Live]", "(feat. X)" anywhere in a title. */
const BRACKETED = new RegExp(
  `\\s*[([](?:[^)\\]]*\\b(?:${VERSION_WORDS})\\b[^)\\]]*|(?:feat|ft|featuring|with)\\.?\\s[^)\\]]*)[)\\]]`,
  'giu',
);
/** " - Remastered 2009", " - Live at the Lyceum, London, 1972", " - 2013 Remaster" at the end. */
const DASHED = new RegExp(`\\s+[-–—]\\s+(?:[^-–—]*\\b(?:${VERSION_WORDS})\\b.*)$`, 'iu');
/** "Artist feat. Other", "Title ft. Other" without brackets. */
const FEAT = /\s+(?:feat\.?|ft\.?|featuring)\s.*$/iu;

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/[’‘`´]/g, "'");
}

function squash(text: string): string {
  return text
    .replace(/\s*[&+]\s*/g, ' and ')
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\bmister\b/g, 'mr')
    .trim()
    .replace(/^the\s+/, '');
}

const artistCache = new Map<string, string>();
const titleCache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

function cached(cache: Map<string, string>, key: string, compute: (s: string) => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/** "The Beatles", "beatles", "BEATLES feat. Billy Preston" → "beatles". */
export function normalizeArtist(name: string): string {
  return cached(artistCache, name, (s) => {
    const folded = fold(s).replace(FEAT, '').replace(BRACKETED, '');
    return squash(folded) || squash(fold(s)) || fold(s).trim();
  });
}

/** "Let It Be - Remastered 2009", "Let It Be (Live)", "let it be (feat. X)" → "let it be". */
export function normalizeTitle(title: string): string {
  return cached(titleCache, title, (s) => {
    let folded = fold(s);
    // Repeat: "Song (feat. X) - Remastered 2011" carries two suffixes.
    for (let i = 0; i < 3; i++) {
      const next = folded.replace(DASHED, '').replace(BRACKETED, '').replace(FEAT, '');
      if (next === folded) break;
      folded = next;
    }
    return squash(folded) || squash(fold(s)) || fold(s).trim();
  });
}

export function normalizeAlbum(album: string): string {
  return normalizeTitle(album.replace(/\s+-\s+(?:single|ep)$/i, ''));
}

/** Every credited artist: "A feat. B", "A & B", "A, B" → ["a", "b"] (the whole name first). */
export function creditedArtists(name: string): string[] {
  const whole = normalizeArtist(name);
  const parts = fold(name)
    .split(/\s*(?:,|;|\/|\bfeat\.?|\bft\.?|\bfeaturing\b|\bwith\b|\bx\b|&|\band\b)\s*/u)
    .map((p) => squash(p))
    .filter((p) => p.length > 0);
  return [...new Set([whole, ...parts])];
}

/** The key two plays of the same listen share, whatever the source: "artist \x1f title". */
export function playKey(artist: string, title: string): string {
  return `${normalizeArtist(artist)}\x1f${normalizeTitle(title)}`;
}
