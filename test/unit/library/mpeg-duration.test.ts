import { describe, expect, it } from 'vitest';
import { countedDuration, frameAt } from '../../../src-main/library/mpeg-duration';

const KBPS_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];

/** One MPEG-1 Layer III mono 44.1 kHz frame of the given bitrate, zero-filled after the header. */
function frame(kbps: number, body?: (f: Uint8Array) => void): Uint8Array {
  const index = KBPS_V1_L3.indexOf(kbps);
  const f = new Uint8Array(Math.floor((144 * kbps * 1000) / 44100));
  f.set([0xff, 0xfb, index << 4, 0xc0]);
  body?.(f);
  return f;
}
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
/** A 10-byte ID3v2.3 header announcing `size` bytes of (zero) frames. */
const id3 = (size: number): Uint8Array =>
  concat([
    Uint8Array.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, size >> 7, size & 0x7f]),
    new Uint8Array(size),
  ]);

describe('frameAt', () => {
  it('decodes bitrate, sample rate and length from a Layer III header', () => {
    expect(frameAt(frame(128), 0)).toEqual({
      length: 417,
      samples: 1152,
      sampleRate: 44100,
      xingOffset: 21,
    });
  });

  it('refuses bytes that are not a frame header', () => {
    expect(frameAt(Uint8Array.from([0xff, 0x00, 0x90, 0xc0]), 0)).toBeNull();
    expect(frameAt(Uint8Array.from([0xff, 0xfb, 0xf0, 0xc0]), 0)).toBeNull(); // bitrate index 15 is invalid
  });
});

describe('countedDuration', () => {
  it('counts every frame of a VBR stream whose first frames look like CBR', () => {
    const frames = [64, 64, 64, 64, 320, 256, 128, 32, 320, 160].map((k) => frame(k));
    expect(countedDuration(concat([id3(100), ...frames]))).toBeCloseTo((10 * 1152) / 44100, 6);
  });

  it('stops at trailing bytes that are not frames (an ID3v1 tag)', () => {
    const tag = new Uint8Array(128);
    tag.set([0x54, 0x41, 0x47]);
    expect(countedDuration(concat([frame(128), frame(128), tag]))).toBeCloseTo(
      (2 * 1152) / 44100,
      6,
    );
  });

  it('defers to a Xing header when the first frame has one', () => {
    const xing = frame(128, (f) => f.set([0x58, 0x69, 0x6e, 0x67], 21));
    expect(countedDuration(concat([xing, frame(128), frame(320)]))).toBeNull();
  });

  it('finds nothing in bytes with no frames', () => {
    expect(countedDuration(new Uint8Array(1000))).toBeNull();
  });
});
