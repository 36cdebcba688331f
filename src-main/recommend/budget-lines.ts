/**
 * The artist-budget model's explanations in the listener's words (issue 5: "you spread 120 plays
 * over 14 of X's tracks"). Pure text rules; the numbers come from the plays table (artist-breadth.ts).
 */

/** How the listener's plays of one artist spread over its tracks, counted from the plays table. */
export interface ArtistBreadth {
  /** The artist as the library's tags spell it. */
  artist: string;
  plays: number;
  /** Distinct tracks of the artist with at least one listened play. */
  tracksPlayed: number;
  /** Present library tracks of the artist. */
  libraryTracks: number;
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const possessive = (name: string) => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

/** "You spread 120 plays over 14 of Björk's tracks"; "All 9 plays of X are one track". */
export function breadthLine(b: ArtistBreadth): string {
  if (b.plays === 1) return `You have played ${b.artist} once`;
  if (b.tracksPlayed <= 1) return `All ${b.plays} plays of ${b.artist} are one track`;
  return `You spread ${plural(b.plays, 'play')} over ${b.tracksPlayed} of ${possessive(b.artist)} tracks`;
}

/** "…; this one you have played once" / "…; this one you have never played". */
export function deepCutLine(b: ArtistBreadth, plays: number): string {
  const own =
    plays === 0 ? 'this one you have never played' : `this one you have played ${times(plays)}`;
  return `${breadthLine(b)}; ${own}`;
}
