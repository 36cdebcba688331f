import type { Db } from '../db/connection';
import { emptyCounts, playWriter, type ImportCounts, type NewPlay } from '../db/imports';
import type { ParsedPlay } from './formats/types';
import type { LibraryIndex } from './match';
import { normalizeArtist, normalizeTitle } from './normalize';

/**
 * Stores parsed plays of one source: matches each to the library, keeps it idempotent by its
 * natural key, flags the same listen already stored from another source, and counts. Callers own
 * the transaction.
 */
export class PlayStore {
  readonly counts: ImportCounts = emptyCounts();
  private readonly writer;
  private readonly checkSameListen: boolean;
  // Exact repeats of a natural key (the same song scrobbled twice within one minute) are
  // separate plays: the n-th repeat gets "#n". Repeats share a timestamp, so only the current
  // one's keys are remembered, which keeps memory flat on million-row files.
  private currentTime = NaN;
  private readonly seen = new Map<string, number>();

  constructor(
    db: Db,
    private readonly options: {
      profileId: number;
      index: LibraryIndex;
      source: string;
      runId: number | null;
    },
  ) {
    this.writer = playWriter(db);
    this.checkSameListen = this.writer.hasOtherSources(options.profileId, options.source);
  }

  /** Stores one play; the caller holds the transaction. */
  add(p: ParsedPlay): void {
    this.write(this.prepare(p));
  }

  /**
   * The CPU-heavy half of storing a play (normalising, matching, the repeat suffix), with no
   * database write, so that a large file can be prepared while the event loop stays responsive.
   */
  prepare(p: ParsedPlay): NewPlay {
    if (p.playedAt !== this.currentTime) {
      this.currentTime = p.playedAt;
      this.seen.clear();
    }
    const repeat = this.seen.get(p.sourceKey) ?? 0;
    this.seen.set(p.sourceKey, repeat + 1);
    const artist = this.intern(p.artist);
    const title = this.intern(p.title);
    const artistNorm = this.memo(this.artistNorms, artist, () => normalizeArtist(artist));
    const play: NewPlay = {
      profileId: this.options.profileId,
      playedAt: p.playedAt,
      trackId: this.options.index.match(p),
      artist,
      title,
      album: p.album === null ? null : this.intern(p.album),
      source: this.options.source,
      sourceKey: repeat === 0 ? p.sourceKey : `${p.sourceKey}#${repeat + 1}`,
      msPlayed: p.msPlayed,
      skipped: p.skipped,
      reasonEnd: p.reasonEnd,
      artistNorm,
      normKey: this.memo(
        this.memo2(this.normKeys, artistNorm),
        title,
        () => `${artistNorm}\x1f${normalizeTitle(title)}`,
      ),
      importRunId: this.options.runId,
    };
    const c = this.counts;
    c.rows++;
    if (play.trackId !== null) c.matched++;
    else c.unmatched++;
    return play;
  }

  // A large file names the same artists and songs again and again: prepared plays share one copy
  // of each name and its normalised form (a million staged plays stayed over 1 GiB without it).
  private readonly names = new Map<string, string>();
  private readonly artistNorms = new Map<string, string>();
  /** artistNorm → raw title → normKey, so a lookup builds no key string. */
  private readonly normKeys = new Map<string, Map<string, string>>();

  private intern(name: string): string {
    return this.memo(this.names, name, () => name);
  }

  private memo2(cache: Map<string, Map<string, string>>, key: string): Map<string, string> {
    let inner = cache.get(key);
    if (inner === undefined) cache.set(key, (inner = new Map()));
    return inner;
  }

  private memo(cache: Map<string, string>, key: string, make: () => string): string {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = make()));
    return value;
  }

  /** Writes a prepared play: flags a listen already stored from another source, keeps it idempotent. */
  write(play: NewPlay): void {
    const duplicateOf = this.checkSameListen ? this.writer.sameListen(play) : null;
    const isNew = this.writer.insert(play, duplicateOf);
    const c = this.counts;
    if (isNew && duplicateOf === null) c.imported++;
    else c.duplicates++;
  }
}
