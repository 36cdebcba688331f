import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AlsModel } from '../../models/als';
import {
  checkModelFile,
  ModelFileError,
  packModel,
  unpackModel,
  type UnpackOptions,
} from '../../models/serialize';
import { callFitWorker } from '../workers/fit-call';
import type { ArtistColumn } from './matrices';

/**
 * What one `models.train` run stores: the track model, the artist model trained in the same job,
 * and the id maps that turn their columns back into library tracks and artist names. One file, so
 * a model can never be loaded with another run's id maps.
 */
export interface LibraryModel {
  tracks: AlsModel;
  /** Column → library track id. */
  trackIds: Int32Array;
  artists: AlsModel;
  artistColumns: ArtistColumn[];
}

const BUNDLE_KIND = 'als-library';

/** `<folder of the db>/models`: models travel with the database they were trained on. */
export function modelsFolder(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'models');
}

/**
 * A bundle carries each model's own `toBytes()` as an i32 array (model files are 8-byte aligned,
 * so a model's bytes are a multiple of 4 long).
 */
export const asInt32 = (bytes: Uint8Array) =>
  new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
export const asBytes = (ints: Int32Array) =>
  new Uint8Array(ints.buffer, ints.byteOffset, ints.byteLength);
/** A model inside a bundle is covered by the bundle's checksum. */
export const NESTED: UnpackOptions = { checked: true };

export function packLibraryModel(m: LibraryModel): Uint8Array {
  return packModel(
    BUNDLE_KIND,
    { artistColumns: m.artistColumns },
    {
      trackIds: m.trackIds,
      tracks: asInt32(m.tracks.toBytes()),
      artists: asInt32(m.artists.toBytes()),
    },
  );
}

/**
 * The bundle in `bytes`, its arrays viewing them (`unpackModel`); the models inside are covered by
 * the bundle's checksum and not checksummed again.
 */
export function unpackLibraryModel(bytes: Uint8Array, options: UnpackOptions = {}): LibraryModel {
  const { meta, arrays } = unpackModel(bytes, BUNDLE_KIND, options);
  return {
    tracks: AlsModel.fromBytes(asBytes(arrays.tracks as Int32Array), NESTED),
    trackIds: arrays.trackIds as Int32Array,
    artists: AlsModel.fromBytes(asBytes(arrays.artists as Int32Array), NESTED),
    artistColumns: meta.artistColumns as ArtistColumn[],
  };
}

/** Writes `<kind>-<timestamp>.encm` (via a temporary name, so a crash never leaves half a file). */
export async function writeModelFile(
  dbPath: string,
  kind: string,
  bytes: Uint8Array,
  at = new Date(),
): Promise<string> {
  const folder = modelsFolder(dbPath);
  await mkdir(folder, { recursive: true });
  const file = `${kind}-${at.toISOString().replace(/[:.]/g, '-')}.encm`;
  const full = path.join(folder, file);
  await writeFile(`${full}.part`, bytes);
  await rename(`${full}.part`, full);
  return file;
}

/** A model file's bytes; a read failure keeps its `code` (ENOENT: the file is gone). */
export async function readModelFile(dbPath: string, file: string): Promise<Uint8Array> {
  const full = path.join(modelsFolder(dbPath), file);
  return readFile(full).catch((err: NodeJS.ErrnoException) => {
    throw unreadable(full, err);
  });
}

const unreadable = (full: string, err: NodeJS.ErrnoException) =>
  Object.assign(
    new Error(`The model file ${full} cannot be read (${err.message}): retrain the model.`),
    { code: err.code },
  );

/**
 * Model files this large are read and checksummed on a worker thread: a 200,000-track library's
 * models are 140 MB and more, a quarter of a second of CRC-32 each on the thread that answers the
 * listener (issue 7, scale). Smaller ones are checked here, sooner than a worker starts.
 */
export const CHECK_ASIDE_BYTES = 8 * 1024 * 1024;

/**
 * A model file's bytes, checked whole (`checkModelFile`: unpack them with `{ checked: true }`).
 * Failures as `readModelFile`'s, and a ModelFileError for a damaged or foreign file.
 */
export async function readCheckedModelFile(
  dbPath: string,
  file: string,
  asideFrom = CHECK_ASIDE_BYTES,
): Promise<Uint8Array> {
  const full = path.join(modelsFolder(dbPath), file);
  const size = await stat(full).then(
    (s) => s.size,
    (err: NodeJS.ErrnoException) => {
      throw unreadable(full, err);
    },
  );
  if (size < asideFrom) {
    const bytes = await readModelFile(dbPath, file);
    checkModelFile(bytes);
    return bytes;
  }
  const done = await callFitWorker<never, { bytes: Uint8Array }>(
    new URL('./model-file-worker.ts', import.meta.url),
    { type: 'read', path: full },
    {},
  ).catch((err: Error & { code?: string; reason?: ModelFileError['reason'] }) => {
    if (err.name === 'ModelFileError' && err.reason)
      throw new ModelFileError(err.message, err.reason);
    if (err.code) throw unreadable(full, err);
    throw err;
  });
  return done.bytes;
}

export async function saveLibraryModel(
  dbPath: string,
  kind: string,
  model: LibraryModel,
  at = new Date(),
): Promise<string> {
  return writeModelFile(dbPath, kind, packLibraryModel(model), at);
}

export async function loadLibraryModel(dbPath: string, file: string): Promise<LibraryModel> {
  return unpackLibraryModel(await readCheckedModelFile(dbPath, file), { checked: true });
}
