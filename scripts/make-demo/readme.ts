/** The README that ships inside resources/demo, listing what the generator made. */
import type { DemoTrack } from './catalogue';

export function readme(tracks: readonly DemoTrack[], plays: number, seed: number): string {
  const formats = [...new Set(tracks.map((t) => t.format))].sort();
  const albums = [...new Map(tracks.map((t) => [`${t.albumArtist}/${t.album}`, t])).values()];
  return `# Encore demo library

Encore opens this library when no music folder is configured, so every screen has something to show.

Everything here is **synthetic and was made for Encore** by \`scripts/make-demo.ts\`
(\`npm run demo:make\`, seed ${seed}): the artists, albums and songs are invented, the music is
synthesized with SoX (plucked strings, sine, square, triangle and sawtooth voices, chords, noise-burst
drums) and encoded and tagged with ffmpeg. Do not edit these files by hand; change the script and run
it again (it writes the same bytes for the same seed).

- ${tracks.length} songs of 8–12 seconds by ${new Set(tracks.map((t) => t.artist)).size} artists on ${albums.length} albums,
  including one "Various Artists" compilation whose songs keep their own artists.
- Formats: ${formats.join(', ')} (low-bitrate mono). Layout: \`Artist/Album (Year)/NN - Title.ext\`.
- Tags: title, artist, album, album artist, track n/total, disc, year, genre; the albums
  ${albums
    .filter((t) => t.mbids)
    .map((t) => `"${t.album}"`)
    .join(
      ', ',
    )} carry MusicBrainz-style ids (random UUIDs: they point at nothing on musicbrainz.org)
  where their container has a field for them.
- \`history.json\`: ${plays} plays over the six months before 2026-10-31 in Encore's own export
  format (\`{ "format": "encore-history", "version": 1, "plays": [{ playedAt, artist, title, album,
  msPlayed }] }\`), simulated for one listener with three personas (weekday mornings: ambient,
  classical piano, lo-fi; evenings: indie rock, folk, jazz; Friday and Saturday nights: synthwave
  and techno). The history treats the songs as full length (2–8 minutes); skips last a few
  seconds. A few plays are of songs that are not in this library.

## Albums

${albums.map((t) => `- ${t.albumArtist} — ${t.album} (${t.year})`).join('\n')}

## License

CC0 1.0 Universal: made here for Encore and dedicated to the public domain. Use it for anything.
`;
}
