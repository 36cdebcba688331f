import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlsModel } from '../../models/als';
import { ModelFileError, packModel, unpackModel } from '../../models/serialize';
import {
  CHECK_ASIDE_BYTES,
  loadLibraryModel,
  modelsFolder,
  readCheckedModelFile,
  saveLibraryModel,
  writeModelFile,
} from '../../src-main/training/model-store';

let dir: string;
let dbPath: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'encore-model-read-'));
  dbPath = path.join(dir, 'library.db');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = () =>
  packModel('pop', { n: 3 }, { popularity: new Float32Array([0.5, 0.25, 0.125]) });

const bytesOf = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const sameBytes = (a: Float32Array | Int32Array, b: Float32Array | Int32Array) =>
  a.constructor === b.constructor && bytesOf(a).equals(bytesOf(b));

/** `readCheckedModelFile`'s refusal, on the worker (`asideFrom` 0) and on this thread. */
async function refusals(file: string): Promise<Error[]> {
  const out: Error[] = [];
  for (const asideFrom of [0, Infinity]) {
    const e = await readCheckedModelFile(dbPath, file, asideFrom).then(
      () => new Error('the file was accepted'),
      (err: Error) => err,
    );
    out.push(e);
  }
  return out;
}

describe('reading a model file checked whole (on a worker when it is large)', () => {
  it('gives the same bytes on the worker as on this thread, ready to unpack as checked', async () => {
    const file = await writeModelFile(dbPath, 'pop', small());
    const aside = await readCheckedModelFile(dbPath, file, 0);
    const here = await readCheckedModelFile(dbPath, file, Infinity);
    expect(Buffer.from(aside).equals(Buffer.from(here))).toBe(true);
    const { arrays } = unpackModel(aside, 'pop', { checked: true });
    expect(Array.from(arrays.popularity!)).toEqual([0.5, 0.25, 0.125]);
  });

  it('refuses a damaged file with a ModelFileError on the worker as on this thread', async () => {
    const file = await writeModelFile(dbPath, 'pop', small());
    const full = path.join(modelsFolder(dbPath), file);
    const bytes = readFileSync(full);
    bytes[bytes.length - 2]! ^= 0x10;
    writeFileSync(full, bytes);
    for (const e of await refusals(file)) {
      expect(e).toBeInstanceOf(ModelFileError);
      expect((e as ModelFileError).reason).toBe('damaged');
      expect(e.message).toMatch(/damaged.*Retrain/);
    }
    writeFileSync(full, 'PK\x03\x04 not a model');
    for (const e of await refusals(file)) {
      expect((e as ModelFileError).reason).toBe('not-a-model');
    }
  });

  it('keeps a missing file’s ENOENT (the engine retrains on it) on both paths', async () => {
    for (const e of await refusals('pop-gone.encm')) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOENT');
      expect(e.message).toContain('pop-gone.encm cannot be read');
    }
  });

  it('loads a library model larger than the threshold through the worker, whole', async () => {
    const items = Math.ceil(CHECK_ASIDE_BYTES / (4 * 16)) + 100;
    const tracks = new AlsModel({ factors: 16 });
    tracks.rowFactors = Float32Array.from({ length: 3 * 16 }, (_, i) => i / 7);
    tracks.colFactors = Float32Array.from({ length: items * 16 }, (_, i) => Math.sin(i));
    const artists = new AlsModel({ factors: 16 });
    artists.rowFactors = new Float32Array(16).fill(0.5);
    artists.colFactors = new Float32Array(32).fill(-0.25);
    const trackIds = Int32Array.from({ length: items }, (_, i) => i + 1);
    const file = await saveLibraryModel(dbPath, 'als', {
      tracks,
      trackIds,
      artists,
      artistColumns: [
        { key: 'a', name: 'A' },
        { key: 'b', name: 'B' },
      ],
    });
    const loaded = await loadLibraryModel(dbPath, file);
    expect(sameBytes(loaded.tracks.colFactors, tracks.colFactors)).toBe(true);
    expect(sameBytes(loaded.tracks.rowFactors, tracks.rowFactors)).toBe(true);
    expect(sameBytes(loaded.trackIds, trackIds)).toBe(true);
    expect(Array.from(loaded.artists.colFactors)).toEqual(Array.from(artists.colFactors));
    expect(loaded.artistColumns.map((a) => a.name)).toEqual(['A', 'B']);
    // Damaged, it is refused by the worker's check.
    const full = path.join(modelsFolder(dbPath), file);
    const bytes = readFileSync(full);
    bytes[bytes.length >> 1]! ^= 0x01;
    writeFileSync(full, bytes);
    await expect(loadLibraryModel(dbPath, file)).rejects.toBeInstanceOf(ModelFileError);
  }, 30_000);
});
