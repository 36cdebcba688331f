import { creditedArtists, normalizeAlbum, normalizeArtist, normalizeTitle } from './normalize';
import { similarEnough, similarity } from './similarity';

/** What matching needs to know about a library track (db/imports.ts#libraryForMatching). */
export interface LibraryTrack {
  id: number;
  title: string;
  artist: string;
  /** Other credited artists and the album artist; a play may name any of them. */
  otherArtists: string[];
  album: string | null;
  durationMs: number | null;
  mbids: string[];
}

export interface PlayNames {
  artist: string;
  title: string;
  album?: string | null;
  durationMs?: number | null;
  /** Recording or track MBID when the source has one (Last.fm, ListenBrainz). */
  mbid?: string | null;
}

interface Entry {
  id: number;
  titleNorm: string;
  albumNorm: string;
  durationMs: number | null;
}

/** A title this similar (0..1, see similarity.ts) to one by the same artist is the same song. */
const FUZZY_TITLE = 0.88;
/** An unknown artist this similar to a library artist is that artist ("Beyonce" / "Beyoncé"). */
const FUZZY_ARTIST = 0.9;

/**
 * An in-memory index of the library, built once per import so that matching a million plays costs
 * a few hash lookups each: MBID first (exact identity when both sides have one), then normalised
 * artist + title, then a fuzzy title among that artist's tracks. Results are cached per distinct
 * (artist, title, album) because scrobble logs repeat the same songs thousands of times.
 */
export class LibraryIndex {
  private readonly byMbid = new Map<string, number>();
  private readonly byArtist = new Map<string, Entry[]>();
  /**
   * Each artist name and every spelling of it with one letter deleted → the names. Two names at
   * edit distance 1 share an entry (symmetric-delete lookup, as in SymSpell), so a near spelling
   * costs a dozen hash lookups instead of a comparison with every artist.
   */
  private readonly oneDeleted = new Map<string, string[]>();
  private readonly resolvedArtist = new Map<string, string | null>();
  private readonly memo = new Map<string, number | null>();

  constructor(tracks: Iterable<LibraryTrack>) {
    for (const t of tracks) {
      for (const m of t.mbids) this.byMbid.set(m.toLowerCase(), t.id);
      const entry: Entry = {
        id: t.id,
        titleNorm: normalizeTitle(t.title),
        albumNorm: t.album ? normalizeAlbum(t.album) : '',
        durationMs: t.durationMs,
      };
      const names = new Set([normalizeArtist(t.artist), ...t.otherArtists.map(normalizeArtist)]);
      for (const name of names) {
        if (!name) continue;
        let list = this.byArtist.get(name);
        if (!list) {
          list = [];
          this.byArtist.set(name, list);
          for (const variant of deletions(name)) {
            const peers = this.oneDeleted.get(variant);
            if (peers) peers.push(name);
            else this.oneDeleted.set(variant, [name]);
          }
        }
        list.push(entry);
      }
    }
  }

  get size(): number {
    return this.byArtist.size;
  }

  /** The library track this play is of, or null when the library has no such song. */
  match(play: PlayNames): number | null {
    if (play.mbid) {
      const id = this.byMbid.get(play.mbid.toLowerCase());
      if (id !== undefined) return id;
    }
    const key = `${play.artist}\x1f${play.title}\x1f${play.album ?? ''}\x1f${play.durationMs ?? ''}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const found = this.find(play);
    if (this.memo.size > 500_000) this.memo.clear();
    this.memo.set(key, found);
    return found;
  }

  private find(play: PlayNames): number | null {
    const titleNorm = normalizeTitle(play.title);
    const albumNorm = play.album ? normalizeAlbum(play.album) : '';
    const artists = creditedArtists(play.artist);
    // The whole credited name first; then each credited artist; then a near-spelling.
    for (const name of artists) {
      const entries = this.byArtist.get(name);
      if (entries) {
        const id = pick(entries, titleNorm, albumNorm, play.durationMs ?? null);
        if (id !== null) return id;
      }
    }
    const near = this.nearArtist(artists[0] ?? '');
    if (near)
      return pick(this.byArtist.get(near) ?? [], titleNorm, albumNorm, play.durationMs ?? null);
    return null;
  }

  private nearArtist(name: string): string | null {
    if (name.length < 4 || this.byArtist.has(name)) return null;
    const cached = this.resolvedArtist.get(name);
    if (cached !== undefined) return cached;
    let best: string | null = null;
    let bestScore = FUZZY_ARTIST;
    for (const variant of deletions(name)) {
      for (const candidate of this.oneDeleted.get(variant) ?? []) {
        if (candidate === best || !similarEnough(candidate, name, FUZZY_ARTIST)) continue;
        const score = similarity(candidate, name);
        if (score > bestScore || (score === bestScore && best === null)) {
          bestScore = score;
          best = candidate;
        }
      }
    }
    this.resolvedArtist.set(name, best);
    return best;
  }
}

/** The name itself and the name with each one letter deleted. */
function deletions(name: string): Set<string> {
  const out = new Set([name]);
  for (let i = 0; i < name.length; i++) out.add(name.slice(0, i) + name.slice(i + 1));
  return out;
}

/**
 * Among one artist's tracks: exact normalised titles first (several = the song on several albums:
 * prefer the play's album, then the closest duration), else the most similar title above the bar.
 */
function pick(
  entries: Entry[],
  titleNorm: string,
  albumNorm: string,
  durationMs: number | null,
): number | null {
  const exact = entries.filter((e) => e.titleNorm === titleNorm);
  if (exact.length > 0) return best(exact, albumNorm, durationMs);
  let top: Entry[] = [];
  let topScore = FUZZY_TITLE;
  for (const e of entries) {
    if (!similarEnough(e.titleNorm, titleNorm, FUZZY_TITLE)) continue;
    const score = similarity(e.titleNorm, titleNorm);
    if (score > topScore) {
      topScore = score;
      top = [e];
    } else if (score === topScore) top.push(e);
  }
  if (top.length === 0) return null;
  // A duration that disagrees by more than 30 s says this is another song with a similar name.
  const fitting = top.filter(
    (e) =>
      durationMs === null || e.durationMs === null || Math.abs(e.durationMs - durationMs) < 30_000,
  );
  return fitting.length > 0 ? best(fitting, albumNorm, durationMs) : null;
}

function best(entries: Entry[], albumNorm: string, durationMs: number | null): number {
  let chosen = entries[0]!;
  let chosenCost = Infinity;
  for (const e of entries) {
    const albumCost = albumNorm && e.albumNorm === albumNorm ? 0 : 1e9;
    const durationCost =
      durationMs !== null && e.durationMs !== null ? Math.abs(e.durationMs - durationMs) : 1e8;
    const cost = albumCost + durationCost + e.id * 1e-9;
    if (cost < chosenCost) {
      chosenCost = cost;
      chosen = e;
    }
  }
  return chosen.id;
}
