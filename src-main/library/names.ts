/**
 * Identity key for artist and album names: Unicode NFKD without combining marks, case-folded,
 * whitespace collapsed. "Beyoncé" and "BEYONCE " are one artist. Matching plays to tracks uses a
 * stronger normaliser (history/); this one only decides when two tags name the same entity.
 */
export function nameKey(name: string): string {
  // Fold before decomposing (upper-casing "ᾀ" yields new precomposed letters) and after (NFKD
  // turns "Ⅻ" into upper-case "XII").
  return caseFold(caseFold(name).normalize('NFKD').replace(/\p{M}/gu, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A full case fold from the built-ins: lower, upper, lower again expands "ß" and "ẞ" to "ss" (so
 * "Straße" and "STRASSE" meet), and the word-final sigma "ς", which lower-casing produces by
 * context, folds to "σ" as Unicode's CaseFolding.txt does.
 */
export function caseFold(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase().replace(/ς/g, 'σ');
}

export const VARIOUS_ARTISTS = 'Various Artists';
