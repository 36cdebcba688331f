import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crc32,
  MODEL_FORMAT_VERSION,
  ModelFileError,
  packModel,
  unpackModel,
} from '../../../models/serialize';

const model = () =>
  packModel(
    'als',
    { params: { factors: 3 } },
    {
      items: new Float32Array([1.5, -2, 3.25]),
      ids: new Int32Array([7, 8]),
      bias: new Float64Array([0.125]),
    },
  );

function refusal(bytes: Uint8Array, kind = 'als'): ModelFileError {
  try {
    unpackModel(bytes, kind);
  } catch (e) {
    if (e instanceof ModelFileError) return e;
    throw e;
  }
  throw new Error('unpackModel accepted the file');
}

describe('model files', () => {
  it('round-trips meta and every array type, even from an unaligned copy', () => {
    const bytes = model();
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const { meta, arrays } = unpackModel(shifted, 'als');
    expect(meta).toEqual({ params: { factors: 3 } });
    expect(Array.from(arrays.items!)).toEqual([1.5, -2, 3.25]);
    expect(arrays.ids).toBeInstanceOf(Int32Array);
    expect(Array.from(arrays.bias!)).toEqual([0.125]);
  });

  it('writes its format version and a CRC-32 of the payload in the header', () => {
    const bytes = model();
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(4, true)).toBe(MODEL_FORMAT_VERSION);
    expect(view.getUint32(12, true)).toBe(crc32(bytes.subarray(16)));
  });

  it('computes the standard CRC-32 ("123456789" → cbf43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });

  it('agrees with zlib’s CRC-32 at every length and alignment (eight bytes per step)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(7), (bytes, offset) => {
        const shifted = new Uint8Array(bytes.length + offset);
        shifted.set(bytes, offset);
        expect(crc32(shifted.subarray(offset))).toBe(zlibCrc32(bytes));
      }),
    );
    const large = Uint8Array.from({ length: 1_000_003 }, (_, i) => (i * 2_654_435_761) >>> 24);
    expect(crc32(large)).toBe(zlibCrc32(large));
  });

  it('refuses a file with one flipped byte anywhere after the header prefix', () => {
    const good = model();
    for (const at of [16, 20, good.length - 8, good.length - 1]) {
      const bad = good.slice();
      bad[at]! ^= 0x01;
      const e = refusal(bad);
      expect(e.reason).toBe('damaged');
      expect(e.message).toMatch(/damaged.*Retrain/);
    }
  });

  it('refuses a truncated file', () => {
    const good = model();
    for (const length of [good.length - 1, 40, 17, 12]) {
      expect(refusal(good.subarray(0, length)).reason).toBe('damaged');
    }
  });

  it('refuses another format version, including the first (unversioned) format', () => {
    const bad = model();
    new DataView(bad.buffer).setUint32(4, MODEL_FORMAT_VERSION + 1, true);
    const e = refusal(bad);
    expect(e.reason).toBe('version');
    expect(e.message).toContain(`format version ${MODEL_FORMAT_VERSION + 1}`);
    // A version 1 file kept the header length where the version now is.
    const v1 = model();
    new DataView(v1.buffer).setUint32(4, 97, true);
    expect(refusal(v1).reason).toBe('version');
  });

  it('refuses a model of another kind, naming both kinds', () => {
    const e = refusal(model(), 'itemknn');
    expect(e.reason).toBe('kind');
    expect(e.message).toBe('This model file holds a "als" model, not "itemknn".');
  });

  it('refuses bytes that are not a model file at all', () => {
    expect(refusal(new TextEncoder().encode('PK\x03\x04 a zip file')).reason).toBe('not-a-model');
    expect(refusal(new Uint8Array(0)).reason).toBe('not-a-model');
  });
});
