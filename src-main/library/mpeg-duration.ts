import type { ByteSource } from './block-reader';

/**
 * Exact duration for MP3 files that carry no Xing/Info/VBRI header.
 *
 * music-metadata decides "CBR" when the first three frames share a bitrate and then estimates the
 * duration from the file size. A VBR file without a Xing header whose first frames are alike (a
 * quiet lead-in: most music) gets a wildly wrong length — measured on
 * fixtures/audio/odd/mp3-vbr-without-xing-header.mp3: 17.3 s reported for 3.0 s of audio, with
 * `duration: true` as well as `false`, because that option only walks the stream for files it
 * already knows to be VBR. Counting frame headers costs one read of the file, so it is done only
 * when the first frame has no such header.
 */
const BITRATES_KBPS: Record<string, readonly number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

interface Frame {
  length: number;
  samples: number;
  sampleRate: number;
  /** Where a Xing/Info header would start, relative to the frame. */
  xingOffset: number;
}

/** Decodes the 4-byte MPEG audio frame header at `i` (ISO 11172-3 §2.4.1.3), or null. */
export function frameAt(b: Uint8Array, i: number): Frame | null {
  if (i + 4 > b.length || b[i] !== 0xff || (b[i + 1]! & 0xe0) !== 0xe0) return null;
  const versionBits = (b[i + 1]! >> 3) & 3;
  const layer = 4 - ((b[i + 1]! >> 1) & 3);
  const bitrateIndex = b[i + 2]! >> 4;
  const rateIndex = (b[i + 2]! >> 2) & 3;
  if (
    versionBits === 1 ||
    layer === 4 ||
    bitrateIndex === 0 ||
    bitrateIndex === 15 ||
    rateIndex === 3
  )
    return null;
  const v1 = versionBits === 3;
  const bitrate = BITRATES_KBPS[`${v1 ? 1 : 2}-${layer}`]![bitrateIndex]! * 1000;
  const sampleRate = SAMPLE_RATES[versionBits]![rateIndex]!;
  const padding = (b[i + 2]! >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && !v1 ? 576 : 1152;
  const length =
    layer === 1
      ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4
      : Math.floor(((samples / 8) * bitrate) / sampleRate) + padding;
  const mono = b[i + 3]! >> 6 === 3;
  const xingOffset = 4 + (v1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  return { length, samples, sampleRate, xingOffset };
}

/** Offset just past an ID3v2 tag at the start, or 0. */
function afterId3v2(b: Uint8Array): number {
  if (b.length < 10 || b[0] !== 0x49 || b[1] !== 0x44 || b[2] !== 0x33) return 0;
  const size =
    ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  return 10 + size + (b[5]! & 0x10 ? 10 : 0);
}

/** First offset at or after `from` where two consecutive valid frames start. */
function firstFrame(b: Uint8Array, from: number): number {
  for (let i = from; i + 4 <= b.length; i++) {
    const f = frameAt(b, i);
    if (f && (i + f.length + 4 > b.length || frameAt(b, i + f.length))) return i;
  }
  return -1;
}

const tagAt = (b: Uint8Array, i: number, tag: string): boolean =>
  i + 4 <= b.length && String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!) === tag;

function hasVbrHeader(b: Uint8Array, i: number, f: Frame): boolean {
  return (
    tagAt(b, i + f.xingOffset, 'Xing') ||
    tagAt(b, i + f.xingOffset, 'Info') ||
    tagAt(b, i + 36, 'VBRI')
  );
}

/** Seconds of audio counted frame by frame, or null when the file has a Xing/Info/VBRI header. */
export function countedDuration(b: Uint8Array): number | null {
  let i = firstFrame(b, afterId3v2(b));
  if (i < 0) return null;
  const first = frameAt(b, i)!;
  if (hasVbrHeader(b, i, first)) return null;
  let samples = 0;
  for (let f = frameAt(b, i); f && f.sampleRate === first.sampleRate; f = frameAt(b, i)) {
    samples += f.samples;
    i += f.length;
  }
  return samples / first.sampleRate;
}

const PROBE_BYTES = 16 * 1024; // the first frame follows the tag; a little slack for padding

/** The exact duration of an MP3 file without a Xing/Info/VBRI header, else null (trust the tag). */
export async function mpegDurationWithoutHeader(file: ByteSource): Promise<number | null> {
  // The ID3v2 tag may hold large cover art: probe the first frame where the tag ends.
  const tagEnd = afterId3v2(await file.read(0, 10));
  const head = await file.read(tagEnd, PROBE_BYTES);
  const start = firstFrame(head, 0);
  if (start < 0) return null;
  if (hasVbrHeader(head, start, frameAt(head, start)!)) return null;
  return countedDuration(await file.read(0, file.size));
}
