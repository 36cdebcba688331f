/**
 * A model file: the bytes "ENCM", a little-endian u32 header length, a JSON header (kind, params,
 * and the name, type and length of each array), then the arrays, each starting on a 4-byte
 * boundary so they can be viewed without copying.
 */
type Packed = Float32Array | Int32Array | Float64Array;
const MAGIC = [0x45, 0x4e, 0x43, 0x4d];

interface Header {
  kind: string;
  meta: Record<string, unknown>;
  arrays: { name: string; type: 'f32' | 'i32' | 'f64'; length: number }[];
}

const typeOf = (a: Packed): Header['arrays'][number]['type'] =>
  a instanceof Float32Array ? 'f32' : a instanceof Int32Array ? 'i32' : 'f64';
const align = (n: number, to: number) => Math.ceil(n / to) * to;

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
  let size = align(8 + json.length, 8);
  for (const a of Object.values(arrays)) size = align(size + a.byteLength, 8);
  const out = new Uint8Array(size);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  let at = align(8 + json.length, 8);
  for (const a of Object.values(arrays)) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align(at + a.byteLength, 8);
  }
  return out;
}

export function unpackModel(
  bytes: Uint8Array,
  expectedKind: string,
): { meta: Record<string, unknown>; arrays: Record<string, Packed> } {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error('This is not an Encore model file (it does not start with "ENCM").');
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Header;
  if (header.kind !== expectedKind) {
    throw new Error(`This model file holds a "${header.kind}" model, not "${expectedKind}".`);
  }
  const arrays: Record<string, Packed> = {};
  let at = align(8 + length, 8);
  for (const { name, type, length: n } of header.arrays) {
    const width = type === 'f64' ? 8 : 4;
    // Copy into a fresh buffer: the input may not be aligned.
    const raw = bytes.slice(at, at + n * width).buffer;
    arrays[name] =
      type === 'f32'
        ? new Float32Array(raw)
        : type === 'i32'
          ? new Int32Array(raw)
          : new Float64Array(raw);
    at = align(at + n * width, 8);
  }
  return { meta: header.meta, arrays };
}
