import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../src-main/history/formats/csv';
import { LibraryIndex, type LibraryTrack } from '../../src-main/history/match';

const data = process.env.ENCORE_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
const labels = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '../fixtures/match-labels/spotify-vs-lastfm-library.json'),
    'utf8',
  ),
) as { library: string; pairs: { play: string; track: number | null; reviewed: boolean }[] };

/** The stand-in library: each distinct (artist, album, track) of the Last.fm export, id = its first line. */
function readLibrary(): Map<number, LibraryTrack> {
  const tracks = new Map<number, LibraryTrack>();
  const seen = new Set<string>();
  for (const { line, fields } of csvRecords(
    readFileSync(path.join(data, labels.library), 'utf8'),
  )) {
    if (line === 1) continue;
    const [, artist, album, title] = fields as [string, string, string, string];
    const key = `${artist}\x1f${album}\x1f${title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tracks.set(line, {
      id: line,
      artist,
      title,
      album: album || null,
      otherArtists: [],
      durationMs: null,
      mbids: [],
    });
  }
  return tracks;
}

function readPlay(ref: string): { artist: string; title: string; album: string | null } {
  const [file, index] = ref.split('#') as [string, string];
  const rows = (cache[file] ??= JSON.parse(readFileSync(path.join(data, file), 'utf8')) as Record<
    string,
    string | null
  >[]);
  const r = rows[Number(index)]!;
  return 'artistName' in r
    ? { artist: r.artistName!, title: r.trackName!, album: null }
    : {
        artist: r.master_metadata_album_artist_name!,
        title: r.master_metadata_track_name!,
        album: r.master_metadata_album_album_name ?? null,
      };
}
const cache: Record<string, Record<string, string | null>[]> = {};

describe('matching on the labelled real pairs (test/fixtures/match-labels)', () => {
  it('has at least 200 labelled pairs', () => {
    expect(labels.pairs.length).toBeGreaterThanOrEqual(200);
  });

  it('reaches precision ≥ 0.98 and recall ≥ 0.90', () => {
    const library = readLibrary();
    const index = new LibraryIndex(library.values());
    const same = (a: number, b: number) => {
      const x = library.get(a)!;
      const y = library.get(b)!;
      return (
        x.artist.toLowerCase() === y.artist.toLowerCase() &&
        x.title.toLowerCase() === y.title.toLowerCase()
      );
    };
    let made = 0;
    let correct = 0;
    const positives = labels.pairs.filter((p) => p.track !== null).length;
    const mistakes: string[] = [];
    for (const pair of labels.pairs) {
      const got = index.match(readPlay(pair.play));
      if (got !== null) made++;
      if (got !== null && pair.track !== null && same(got, pair.track)) correct++;
      else if (got !== pair.track)
        mistakes.push(`${pair.play}: expected ${pair.track}, got ${got}`);
    }
    const precision = made ? correct / made : 1;
    const recall = correct / positives;
    console.log(
      JSON.stringify({
        pairs: labels.pairs.length,
        positives,
        made,
        correct,
        precision,
        recall,
        mistakes,
      }),
    );
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
