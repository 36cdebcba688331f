/**
 * Reads every generated file back with music-metadata (the parser Encore's scanner uses) and
 * fails when a tag did not come out as written, so a change in ffmpeg's tag mapping cannot slip
 * a silently untagged demo into the product.
 */
import { parseFile } from 'music-metadata';
import type { DemoTrack } from './catalogue';

/** Containers whose MusicBrainz ids ffmpeg can write in the field Picard uses (not MP4, not WAV). */
export const carriesMbids = (t: DemoTrack): boolean =>
  t.mbids && t.format !== 'm4a' && t.format !== 'wav';

export async function verifyTags(
  file: string,
  t: DemoTrack,
  albumMbid: string | null,
): Promise<number> {
  const { common, format } = await parseFile(file);
  const problems: string[] = [];
  const expect = (field: string, got: unknown, want: unknown): void => {
    if (got !== want)
      problems.push(`${field} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  };
  expect('title', common.title, t.title);
  expect('artist', common.artist, t.artist);
  expect('album', common.album, t.album);
  expect('track', common.track.no, t.trackNo);
  expect('year', common.year, t.year);
  // RIFF INFO has no album-artist or genre-per-standard fields worth trusting; the rest must carry them
  if (t.format !== 'wav') {
    expect('albumartist', common.albumartist, t.albumArtist);
    expect('track total', common.track.of, t.trackTotal);
    expect('genre', common.genre?.[0], t.genre);
  }
  if (albumMbid) expect('musicbrainz_albumid', common.musicbrainz_albumid, albumMbid);
  const seconds = format.duration ?? 0;
  if (seconds < 7.5 || seconds > 12.5) problems.push(`duration is ${seconds} s, expected 8–12 s`);
  if (problems.length > 0) throw new Error(`make-demo: ${file}: ${problems.join('; ')}`);
  return seconds;
}
