/**
 * Turns an arrangement into audio with sox (one command per layer, one per note chain joined by
 * sox's `:` effects-chain separator, then a mix), and encodes and tags it with ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Arrangement, NoteEvent } from './compose';
import type { DemoTrack, Format } from './catalogue';

const RATE = '22050';

function run(tool: 'sox' | 'ffmpeg', args: string[]): void {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(
      `${tool} failed: ${stderr.trim() || (err as Error).message}\n  ${tool} ${args.join(' ')}`,
      {
        cause: err,
      },
    );
  }
}

/** Stops the script before any work when a tool is missing, saying how to get it. */
export function requireTools(): void {
  for (const tool of ['sox', 'ffmpeg'] as const) {
    try {
      execFileSync(tool, [tool === 'sox' ? '--version' : '-version'], { stdio: 'ignore' });
    } catch {
      throw new Error(
        `make-demo: "${tool}" is not installed or not on PATH; install it (e.g. apt-get install ${tool}).`,
      );
    }
  }
}

const n = (x: number): string => x.toFixed(4);
const words = (effects: readonly string[]): string[] => effects.flatMap((e) => e.split(' '));

function chain(e: NoteEvent): string[] {
  if (!e.sound) return ['synth', n(e.dur), 'sine', '0', 'vol', '0'];
  const len = e.len ?? e.dur;
  const tail = e.dur - len > 0.0001 ? ['pad', '0', n(e.dur - len)] : [];
  return ['synth', n(len), ...e.sound.split(' '), ...words(e.fx ?? []), ...tail];
}

/** Renders the arrangement to a 16-bit mono WAV of exactly `arrangement.seconds`. */
export function renderWav(arrangement: Arrangement, out: string, workDir: string): void {
  const inputs: string[] = [];
  const total = arrangement.layers.reduce((s, l) => s + l.level, 0);
  arrangement.layers.forEach((layer, i) => {
    const file = path.join(workDir, `layer-${i}-${layer.name}.wav`);
    // -R: sox's noise generators use a fixed seed, so the demo is byte-for-byte repeatable
    const chains = layer.events.flatMap((e, k) => (k === 0 ? chain(e) : [':', ...chain(e)]));
    run('sox', ['-R', '-n', '-r', RATE, '-c', '1', '-b', '16', file, ...chains]);
    if (layer.fx?.length) {
      const wet = path.join(workDir, `layer-${i}-${layer.name}-fx.wav`);
      run('sox', ['-R', file, wet, ...words(layer.fx)]);
      inputs.push('-v', n(layer.level / total), wet);
    } else {
      inputs.push('-v', n(layer.level / total), file);
    }
  });
  const s = arrangement.seconds;
  run('sox', [
    '-R',
    '-m',
    ...inputs,
    '-b',
    '16',
    out,
    ...words(arrangement.master),
    'trim',
    '0',
    n(s),
    'fade',
    'q',
    '0.02',
    n(s),
    '1.5',
    'norm',
    '-1',
  ]);
}

/** Encoder settings: low-bitrate mono keeps the whole demo folder under 4 MB. */
const CODEC: Record<Format, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '32k', '-ar', '22050', '-id3v2_version', '4'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '0', '-ar', '22050'],
  opus: ['-c:a', 'libopus', '-b:a', '24k', '-ar', '24000'],
  m4a: ['-c:a', 'aac', '-b:a', '32k', '-ar', '22050'],
  flac: ['-c:a', 'flac', '-compression_level', '8', '-ar', '11025', '-sample_fmt', 's16'],
  wav: ['-c:a', 'pcm_u8', '-ar', '11025'],
};

/**
 * Tag fields per container. ffmpeg maps the generic names (title, album_artist, track, disc,
 * date, genre, compilation) to each container's own frames; the MusicBrainz ids go in the fields
 * Picard writes: ID3 TXXX frames, Vorbis comments, and for MP4 nothing (ffmpeg cannot write
 * iTunes `----` atoms, so the m4a files carry none).
 */
function tags(
  t: DemoTrack,
  ids: { recording: string; album: string; artist: string; releaseTrack: string } | null,
  format: Format,
): string[] {
  const meta: [string, string][] = [
    ['title', t.title],
    ['artist', t.artist],
    ['album', t.album],
    ['album_artist', t.albumArtist],
    ['date', String(t.year)],
    ['genre', t.genre],
    ['track', `${t.trackNo}/${t.trackTotal}`],
    ['disc', '1/1'],
  ];
  if (t.compilation) meta.push(['compilation', '1']);
  if (ids && format === 'mp3') {
    meta.push(
      ['MusicBrainz Album Id', ids.album],
      ['MusicBrainz Artist Id', ids.artist],
      ['MusicBrainz Release Track Id', ids.releaseTrack],
    );
  } else if (ids && (format === 'ogg' || format === 'opus' || format === 'flac')) {
    meta.push(
      ['MUSICBRAINZ_TRACKID', ids.recording],
      ['MUSICBRAINZ_ALBUMID', ids.album],
      ['MUSICBRAINZ_ARTISTID', ids.artist],
      ['MUSICBRAINZ_RELEASETRACKID', ids.releaseTrack],
    );
  }
  return meta.flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
}

export function encode(
  wav: string,
  out: string,
  track: DemoTrack,
  ids: { recording: string; album: string; artist: string; releaseTrack: string } | null,
): void {
  run('ffmpeg', [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-i',
    wav,
    '-map_metadata',
    '-1',
    '-ac',
    '1',
    ...CODEC[track.format],
    // bitexact: no encoder-version tag and fixed Ogg serial numbers, so re-runs write identical bytes
    '-fflags',
    '+bitexact',
    '-flags:a',
    '+bitexact',
    ...tags(track, ids, track.format),
    out,
  ]);
}
