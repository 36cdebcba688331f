import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkModelFile,
  crc32,
  MODEL_FORMAT_VERSION,
  ModelFileError,
  ownCopy,
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
  return refusalOf(() => unpackModel(bytes, kind));
}

function refusalOf(read: () => unknown): ModelFileError {
  try {
    read();
  } catch (e) {
    if (e instanceof ModelFileError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
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

  it('views the arrays in the given bytes instead of copying them', () => {
    const bytes = model();
    const { arrays } = unpackModel(bytes, 'als');
    for (const a of Object.values(arrays)) expect(a.buffer).toBe(bytes.buffer);
    expect(arrays.items![1]).toBe(-2);
    // A Node Buffer (as readFile gives) is viewed the same way.
    const file = Buffer.from(bytes);
    expect(unpackModel(file, 'als').arrays.ids!.buffer).toBe(file.buffer);
  });

  it('copies an unaligned slice once, whole, leaving the given bytes alone', () => {
    const bytes = model();
    const shifted = new Uint8Array(bytes.length + 3).subarray(3);
    shifted.set(bytes);
    const { arrays } = unpackModel(shifted, 'als');
    expect(arrays.items!.buffer).not.toBe(shifted.buffer);
    expect(arrays.ids!.buffer).toBe(arrays.items!.buffer);
  });

  it('ownCopy gives a view its own buffer and leaves an array that has one as it is', () => {
    const { arrays } = unpackModel(model(), 'als');
    const items = arrays.items as Float32Array;
    const own = ownCopy(items);
    expect(own.buffer.byteLength).toBe(own.byteLength);
    expect(Array.from(own)).toEqual(Array.from(items));
    expect(ownCopy(own)).toBe(own);
  });

  it('checks a whole file without unpacking it, and skips the checksum only when told it was checked', () => {
    const good = model();
    expect(() => checkModelFile(good)).not.toThrow();
    const bad = good.slice();
    bad[bad.length - 1]! ^= 0x01;
    expect(refusalOf(() => checkModelFile(bad)).reason).toBe('damaged');
    expect(refusalOf(() => checkModelFile(bad.subarray(0, 20))).reason).toBe('damaged');
    expect(refusalOf(() => checkModelFile(new Uint8Array(4))).reason).toBe('not-a-model');
    // `checked`: the CRC was computed over the file that holds these bytes (a bundle, a worker's
    // check); the magic, version, kind and layout are still checked.
    expect(Array.from(unpackModel(bad, 'als', { checked: true }).arrays.ids!)).toEqual([7, 8]);
    expect(refusalOf(() => unpackModel(good, 'pop', { checked: true })).reason).toBe('kind');
    const future = good.slice();
    new DataView(future.buffer).setUint32(4, MODEL_FORMAT_VERSION + 1, true);
    expect(refusalOf(() => unpackModel(future, 'als', { checked: true })).reason).toBe('version');
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
