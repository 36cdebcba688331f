/**
 * A model file, format version 2:
 *   0  "ENCM"
 *   4  u32 format version (little-endian, as every number here)
 *   8  u32 length of the JSON header
 *   12 u32 CRC-32 (IEEE, as zip and PNG use) of every byte from offset 16 to the end
 *   16 the JSON header (kind, meta, and the name, type and length of each array), then the arrays,
 *      each starting on an 8-byte boundary so they can be viewed without copying.
 * The checksum and version exist so a damaged or stale file (a disk error, a half-written copy, a
 * file from another Encore version) is refused with a ModelFileError, which callers answer by
 * retraining, instead of recommending from garbage (issue 7). Version 1 files (no version, no
 * checksum) are refused the same way.
 *
 * Unpacking views the arrays in place, without copying: a 200,000-track library's model files are
 * 100 MB and more, and copying them array by array held the thread for seconds (issue 7, scale).
 */
type Packed = Float32Array | Int32Array | Float64Array;
const MAGIC = [0x45, 0x4e, 0x43, 0x4d];
export const MODEL_FORMAT_VERSION = 2;
const PREFIX = 16;

interface Header {
  kind: string;
  meta: Record<string, unknown>;
  arrays: { name: string; type: 'f32' | 'i32' | 'f64'; length: number }[];
}

/** A model file that cannot be used: not a model, damaged, another format version or another kind. */
export class ModelFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-a-model' | 'damaged' | 'version' | 'kind',
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/**
 * CRC-32 tables for slicing-by-8 (Intel's method): table t maps a byte seen t positions before
 * the end of an 8-byte block. Table 0 is the classic byte-at-a-time table.
 */
const CRC_TABLES = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[0]![n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++)
    for (let t = 1; t < 8; t++) {
      const prev = tables[t - 1]![n]!;
      tables[t]![n] = (tables[0]![prev & 0xff]! ^ (prev >>> 8)) >>> 0;
    }
  return tables;
})();

/**
 * CRC-32 (reflected polynomial 0xEDB88320), the checksum of zip, gzip and PNG. Eight bytes per
 * step (slicing-by-8): a model file of a 200,000-track library is 100 MB or more, and the
 * byte-at-a-time loop took 1.7 s of loading one.
 */
export function crc32(bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let c = 0xffffffff;
  let i = 0;
  const blocks = bytes.length - (bytes.length % 8);
  for (; i < blocks; i += 8) {
    const a =
      c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t7[a & 0xff]! ^
      t6[(a >>> 8) & 0xff]! ^
      t5[(a >>> 16) & 0xff]! ^
      t4[a >>> 24]! ^
      t3[bytes[i + 4]!]! ^
      t2[bytes[i + 5]!]! ^
      t1[bytes[i + 6]!]! ^
      t0[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) c = t0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const typeOf = (a: Packed): Header['arrays'][number]['type'] =>
  a instanceof Float32Array ? 'f32' : a instanceof Int32Array ? 'i32' : 'f64';
const align = (n: number, to: number) => Math.ceil(n / to) * to;
const widthOf = (type: string) => (type === 'f64' ? 8 : type === 'f32' || type === 'i32' ? 4 : 0);

export function packModel(
  kind: string,
  meta: Record<string, unknown>,
  arrays: Record<string, Packed>,
): Uint8Array {
  const header: Header = {
    kind,
    meta,
    arrays: Object.entries(arrays).map(([name, a]) => ({
      name,
      type: typeOf(a),
      length: a.length,
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  let size = align(PREFIX + json.length, 8);
  for (const a of Object.values(arrays)) size = align(size + a.byteLength, 8);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, MODEL_FORMAT_VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, PREFIX);
  let at = align(PREFIX + json.length, 8);
  for (const a of Object.values(arrays)) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align(at + a.byteLength, 8);
  }
  view.setUint32(12, crc32(out.subarray(PREFIX)), true);
  return out;
}

export interface UnpackOptions {
  /**
   * These bytes were checksummed already, as part of the file that holds them (a model nested in a
   * bundle, a file `checkModelFile` passed on a worker): the CRC is not computed again.
   */
  checked?: boolean;
}

/**
 * Refuses (ModelFileError) what is not a whole model file of this format version: the magic, the
 * version, the length and the CRC-32, without reading the arrays. What passes can be unpacked
 * with `{ checked: true }`.
 */
export function checkModelFile(bytes: Uint8Array): void {
  checkPrefix(bytes, false);
}

/** The JSON header's length, once the prefix (magic, version, length, CRC) is sound. */
function checkPrefix(bytes: Uint8Array, checked: boolean): number {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ModelFileError(
      'This is not an Encore model file (it does not start with "ENCM").',
      'not-a-model',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MODEL_FORMAT_VERSION) {
    throw new ModelFileError(
      `This model file has format version ${version}; this Encore reads version ` +
        `${MODEL_FORMAT_VERSION}. Retrain the model to replace it.`,
      'version',
    );
  }
  if (bytes.length < PREFIX) {
    throw new ModelFileError(
      `This model file is truncated: ${bytes.length} bytes, shorter than its own header.`,
      'damaged',
    );
  }
  const length = view.getUint32(8, true);
  const stored = view.getUint32(12, true);
  const actual = checked ? stored : crc32(bytes.subarray(PREFIX));
  if (stored !== actual || PREFIX + length > bytes.length) {
    throw new ModelFileError(
      `This model file is damaged (checksum ${actual.toString(16)} where the file says ` +
        `${stored.toString(16)}; truncated or changed on disk). Retrain the model to replace it.`,
      'damaged',
    );
  }
  return length;
}

function readHeader(bytes: Uint8Array, expectedKind: string, checked: boolean): Header {
  const length = checkPrefix(bytes, checked);
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + length)),
    ) as Header;
  } catch (e) {
    throw new ModelFileError(
      `This model file's header is not JSON: ${(e as Error).message}`,
      'damaged',
    );
  }
  if (header.kind !== expectedKind) {
    throw new ModelFileError(
      `This model file holds a "${header.kind}" model, not "${expectedKind}".`,
      'kind',
    );
  }
  return header;
}

/**
 * The file's meta and arrays. The arrays are views of `bytes` (the caller hands them over and
 * does not write to them afterwards); bytes that do not start on an 8-byte boundary, a slice of
 * some larger buffer, are copied once, whole. A view keeps the whole file's buffer alive, and a
 * structured clone of one (postMessage) copies that whole buffer: send `ownCopy(array)` instead.
 */
export function unpackModel(
  given: Uint8Array,
  expectedKind: string,
  options: UnpackOptions = {},
): { meta: Record<string, unknown>; arrays: Record<string, Packed> } {
  const header = readHeader(given, expectedKind, options.checked ?? false);
  // Uint8Array.prototype.slice copies even when `given` is a Node Buffer, whose own slice views.
  const bytes = given.byteOffset % 8 === 0 ? given : Uint8Array.prototype.slice.call(given);
  const arrays: Record<string, Packed> = {};
  let at = align(PREFIX + new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true), 8);
  for (const { name, type, length: n } of header.arrays) {
    const width = widthOf(type);
    // The checksum matched, so a bad entry here means a writer bug, not a disk error.
    if (width === 0 || !Number.isSafeInteger(n) || n < 0 || at + n * width > bytes.length) {
      throw new ModelFileError(
        `This model file's array "${name}" (${type}, ${n} values) does not fit the file.`,
        'damaged',
      );
    }
    const { buffer, byteOffset } = bytes;
    arrays[name] =
      type === 'f32'
        ? new Float32Array(buffer, byteOffset + at, n)
        : type === 'i32'
          ? new Int32Array(buffer, byteOffset + at, n)
          : new Float64Array(buffer, byteOffset + at, n);
    at = align(at + n * width, 8);
  }
  return { meta: header.meta, arrays };
}

/**
 * The array itself when it owns its whole buffer, else a copy that does: what to post to a worker
 * (a structured clone of a view copies the whole buffer it views).
 */
export function ownCopy<T extends Packed>(array: T): T {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength
    ? array
    : (array.slice() as T);
}
