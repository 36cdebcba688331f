/**
 * The demo library's fictional artists, albums and songs. Every name here was invented for Encore;
 * any likeness to a real act is chance. Styles (how each artist sounds) live in styles.ts.
 */
import type { StyleName } from './styles';

export type Format = 'mp3' | 'ogg' | 'opus' | 'm4a' | 'flac' | 'wav';

/** Which part of the simulated listener's week an artist belongs to (see history.ts). */
export type PersonaName = 'morning' | 'evening' | 'night';

export interface DemoArtist {
  name: string;
  genre: string;
  style: StyleName;
  persona: PersonaName;
}

interface AlbumSpec {
  title: string;
  /** The album artist; 'Various Artists' for the compilation. */
  artist: string;
  year: number;
  format: Format;
  /** Give the album's files MusicBrainz-style ids (random UUIDs in the container's proper fields). */
  mbids?: boolean;
  tracks: { title: string; artist?: string; format?: Format }[];
}

export interface DemoTrack {
  title: string;
  artist: string;
  albumArtist: string;
  album: string;
  year: number;
  genre: string;
  style: StyleName;
  trackNo: number;
  trackTotal: number;
  format: Format;
  mbids: boolean;
  compilation: boolean;
  /** Path under resources/demo: `Artist/Album (Year)/NN - Title.ext`. */
  relPath: string;
}

export const VARIOUS = 'Various Artists';

/** The seed of everything the demo generator draws: music, ids and the listening history. */
export const DEMO_SEED = 20261031;

export const artists: readonly DemoArtist[] = [
  { name: 'Lumen Tide', genre: 'Ambient', style: 'ambient', persona: 'morning' },
  { name: 'Clara Vennholt', genre: 'Classical', style: 'piano', persona: 'morning' },
  { name: 'Dusk Cassette', genre: 'Lo-Fi', style: 'lofi', persona: 'morning' },
  { name: 'The Copper Foxes', genre: 'Indie Rock', style: 'indie', persona: 'evening' },
  { name: 'Willow Fenwick', genre: 'Folk', style: 'folk', persona: 'evening' },
  { name: 'Ines Calloway Trio', genre: 'Jazz', style: 'jazz', persona: 'evening' },
  { name: 'Neon Palisade', genre: 'Synthwave', style: 'synthwave', persona: 'night' },
  { name: 'Kiln Circuit', genre: 'Techno', style: 'techno', persona: 'night' },
];

const albums: readonly AlbumSpec[] = [
  {
    title: 'Tidal Drift',
    artist: 'Lumen Tide',
    year: 2019,
    format: 'ogg',
    mbids: true,
    tracks: [
      { title: 'First Light on the Jetty' },
      { title: 'Salt Haze' },
      { title: 'Buoy Bells' },
      { title: 'Low Water' },
    ],
  },
  {
    title: 'Slow Weather',
    artist: 'Lumen Tide',
    year: 2023,
    format: 'ogg',
    tracks: [
      { title: 'Barometer' },
      { title: 'Fog Lifts at Nine' },
      { title: 'Drizzle Choir' },
      { title: 'Warm Front' },
    ],
  },
  {
    title: 'Preludes for a Quiet House',
    artist: 'Clara Vennholt',
    year: 2017,
    format: 'flac',
    mbids: true,
    tracks: [
      { title: 'Prelude in the Hallway' },
      { title: 'Study for Open Windows' },
      { title: 'Nocturne for the Kettle' },
      { title: 'Little Waltz of Dust' },
      { title: 'Postlude, Lamps Off' },
    ],
  },
  {
    title: 'Rainy Window Tapes',
    artist: 'Dusk Cassette',
    year: 2023,
    format: 'mp3',
    tracks: [
      { title: 'Condensation' },
      { title: 'Bus Stop Crush' },
      { title: 'Cardigan Weather' },
      { title: 'Tape Demo (Kitchen)', format: 'wav' },
      { title: 'Tape Demo (Stairwell)', format: 'wav' },
    ],
  },
  {
    title: 'Backyard Static',
    artist: 'The Copper Foxes',
    year: 2021,
    format: 'mp3',
    tracks: [
      { title: 'Porch Light Radio' },
      { title: 'Bicycle Thief Summer' },
      { title: 'Static on the Line' },
      { title: 'Garage Door Anthem' },
      { title: 'Late Bloomers' },
    ],
  },
  {
    title: 'Cold Radiator',
    artist: 'The Copper Foxes',
    year: 2024,
    format: 'mp3',
    tracks: [
      { title: 'Radiator Song' },
      { title: 'Two Coats' },
      { title: 'Frost on the Van' },
      { title: 'January Fuse' },
    ],
  },
  {
    title: 'Paper Boats',
    artist: 'Willow Fenwick',
    year: 2022,
    format: 'ogg',
    tracks: [
      { title: 'Paper Boats' },
      { title: 'The Miller’s Daughter' },
      { title: 'Hedgerow Hymn' },
      { title: 'Lantern Walk', format: 'mp3' },
      { title: 'Grey Heron', format: 'mp3' },
    ],
  },
  {
    title: 'Blue Hours',
    artist: 'Ines Calloway Trio',
    year: 2020,
    format: 'm4a',
    tracks: [
      { title: 'Blue Hour Waltz' },
      { title: 'Brushes in the Rain' },
      { title: 'Café Noir Blues' },
      { title: 'Walking Bass for Olga' },
      { title: 'Last Set at the Orchid' },
    ],
  },
  {
    title: 'Chrome Horizon',
    artist: 'Neon Palisade',
    year: 2018,
    format: 'mp3',
    mbids: true,
    tracks: [
      { title: 'Chrome Horizon' },
      { title: 'Arcade Rain' },
      { title: 'Overdrive Hearts' },
      { title: 'Palm Shadows' },
      { title: 'Sunset Grid' },
    ],
  },
  {
    title: 'Afterglow Boulevard',
    artist: 'Neon Palisade',
    year: 2025,
    format: 'opus',
    tracks: [
      { title: 'Afterglow Boulevard' },
      { title: 'Laser Tag Romance' },
      { title: 'Night Mall' },
      { title: 'Cassette Futures' },
      { title: 'Magenta Highway' },
    ],
  },
  {
    title: 'Pressure Systems',
    artist: 'Kiln Circuit',
    year: 2024,
    format: 'opus',
    tracks: [
      { title: 'Isobar' },
      { title: 'Kiln One' },
      { title: 'Heat Exchange' },
      { title: 'Ceramic Pulse' },
      { title: 'Vent 303' },
    ],
  },
  {
    title: 'Night Bus EP',
    artist: 'Kiln Circuit',
    year: 2025,
    format: 'm4a',
    tracks: [{ title: 'N29' }, { title: 'Top Deck' }, { title: 'Last Stop Depot' }],
  },
  {
    title: 'Small Hours, Vol. 1',
    artist: VARIOUS,
    year: 2025,
    format: 'mp3',
    tracks: [
      { title: 'Harbour at 4 AM', artist: 'Lumen Tide' },
      { title: 'Two Sugars', artist: 'Ines Calloway Trio' },
      { title: 'Streetlamp Loop', artist: 'Dusk Cassette' },
      { title: 'Neon Rain Check', artist: 'Neon Palisade' },
      { title: 'Berceuse for Insomniacs', artist: 'Clara Vennholt', format: 'flac' },
      { title: 'Night Shift Furnace', artist: 'Kiln Circuit' },
    ],
  },
];

export function artistByName(name: string): DemoArtist {
  const artist = artists.find((a) => a.name === name);
  if (!artist) throw new Error(`catalogue.ts: no artist named "${name}"`);
  return artist;
}

/** Characters that some file systems refuse in names, replaced so the layout works everywhere. */
function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|]/g, '-');
}

/** Every track of the demo library, album by album, in track order. */
export function demoTracks(): DemoTrack[] {
  return albums.flatMap((album) =>
    album.tracks.map((t, i) => {
      const artist = artistByName(t.artist ?? album.artist);
      const format = t.format ?? album.format;
      const trackNo = i + 1;
      return {
        title: t.title,
        artist: artist.name,
        albumArtist: album.artist,
        album: album.title,
        year: album.year,
        genre: artist.genre,
        style: artist.style,
        trackNo,
        trackTotal: album.tracks.length,
        format,
        mbids: album.mbids ?? false,
        compilation: album.artist === VARIOUS,
        relPath: [
          safeName(album.artist),
          `${safeName(album.title)} (${album.year})`,
          `${String(trackNo).padStart(2, '0')} - ${safeName(t.title)}.${format}`,
        ].join('/'),
      };
    }),
  );
}
