import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFile, parseFromTokenizer } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockFileTokenizer } from '../../src-main/library/block-reader';
import { PARSE_OPTIONS } from '../../src-main/library/parse-protocol';
import { walkFolder } from '../../src-main/library/walk';
import { fixtureLibrary } from '../fixtures/audio/make-fixtures';

let dir: string;
const bytes = Buffer.alloc(200_000);
for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'encore-block-'));
  writeFileSync(path.join(dir, 'bytes.bin'), bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withReader<T>(file: string, use: (r: BlockFileTokenizer) => Promise<T>): Promise<T> {
  const r = await BlockFileTokenizer.open(file);
  try {
    return await use(r);
  } finally {
    await r.close();
  }
}

describe('BlockFileTokenizer', () => {
  it('returns the same bytes as the file for reads inside, across and beyond 64 KiB blocks', async () => {
    await withReader(path.join(dir, 'bytes.bin'), async (r) => {
      for (const [at, len] of [
        [0, 10],
        [65_530, 12],
        [131_000, 70_000],
        [199_990, 10],
        [0, 200_000],
      ] as const) {
        expect(Buffer.from(await r.read(at, len))).toEqual(bytes.subarray(at, at + len));
      }
      expect((await r.read(199_995, 100)).length).toBe(5);
    });
  });

  it('moves the position on readBuffer but not on peekBuffer, and fails past the end unless told', async () => {
    await withReader(path.join(dir, 'bytes.bin'), async (r) => {
      const b = new Uint8Array(4);
      await r.peekBuffer(b, { position: 100 });
      expect(r.position).toBe(0);
      await r.readBuffer(b, { position: 100 });
      expect(r.position).toBe(104);
      await expect(r.readBuffer(new Uint8Array(10), { position: 199_995 })).rejects.toThrow();
      expect(await r.readBuffer(new Uint8Array(10), { position: 199_995, mayBeLess: true })).toBe(
        5,
      );
    });
  });

  it('gives music-metadata the same result as parseFile for every fixture', async () => {
    const { files } = await walkFolder(fixtureLibrary);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const plain = await parseFile(f.path, PARSE_OPTIONS).then(
        (m) => [m.common, m.format],
        (e: Error) => e.name,
      );
      const blocked = await withReader(f.path, (r) => parseFromTokenizer(r, PARSE_OPTIONS)).then(
        (m) => [m.common, m.format],
        (e: Error) => e.name,
      );
      expect(blocked, f.path).toEqual(plain);
    }
  });
});
