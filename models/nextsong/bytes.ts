/**
 * A small self-describing container for model state: a 4-byte header length, a UTF-8 JSON header
 * (kind, parameters, array names/types/lengths) and the arrays themselves, 4-byte aligned.
 */
type NumberArray = Float32Array | Int32Array;

export interface Packed {
  kind: string;
  params: Record<string, unknown>;
  arrays: Record<string, NumberArray>;
}

interface Header {
  kind: string;
  params: Record<string, unknown>;
  arrays: { name: string; type: 'f32' | 'i32'; length: number }[];
}

export function pack(packed: Packed): Uint8Array {
  const entries = Object.entries(packed.arrays);
  const header: Header = {
    kind: packed.kind,
    params: packed.params,
    arrays: entries.map(([name, a]) => ({
      name,
      type: a instanceof Float32Array ? 'f32' : 'i32',
      length: a.length,
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = 4 + Math.ceil(json.length / 4) * 4;
  const total = headerBytes + entries.reduce((n, [, a]) => n + a.length * 4, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let offset = headerBytes;
  for (const [, a] of entries) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += a.byteLength;
  }
  return out;
}

/** The kind written in a model's bytes, to pick its loader. */
export function peekKind(bytes: Uint8Array): string {
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    0,
    true,
  );
  return (JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + jsonLength))) as Header).kind;
}

export function unpack(bytes: Uint8Array, expectedKind: string): Packed {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + jsonLength))) as Header;
  if (header.kind !== expectedKind) {
    throw new Error(`expected a ${expectedKind} next-song model, got ${header.kind}`);
  }
  let offset = 4 + Math.ceil(jsonLength / 4) * 4;
  const arrays: Record<string, NumberArray> = {};
  for (const { name, type, length } of header.arrays) {
    // Copy so the arrays are aligned and independent of the caller's buffer.
    const slice = bytes.slice(offset, offset + length * 4);
    arrays[name] = type === 'f32' ? new Float32Array(slice.buffer) : new Int32Array(slice.buffer);
    offset += length * 4;
  }
  return { kind: header.kind, params: header.params, arrays };
}
