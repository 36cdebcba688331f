/**
 * Identity key for artist and album names: Unicode NFKD without combining marks, case-folded,
 * whitespace collapsed. "Beyoncé" and "BEYONCE " are one artist. Matching plays to tracks uses a
 * stronger normaliser (history/); this one only decides when two tags name the same entity.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export const VARIOUS_ARTISTS = 'Various Artists';
