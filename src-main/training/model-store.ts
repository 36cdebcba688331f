import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AlsModel } from '../../models/als';
import { packModel, unpackModel } from '../../models/serialize';
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

/** Each model's own `toBytes()` is carried as an i32 array (model files are 8-byte aligned). */
const asInt32 = (bytes: Uint8Array) =>
  new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const asBytes = (ints: Int32Array) => new Uint8Array(ints.buffer, ints.byteOffset, ints.byteLength);

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

export function unpackLibraryModel(bytes: Uint8Array): LibraryModel {
  const { meta, arrays } = unpackModel(bytes, BUNDLE_KIND);
  return {
    tracks: AlsModel.fromBytes(asBytes(arrays.tracks as Int32Array)),
    trackIds: arrays.trackIds as Int32Array,
    artists: AlsModel.fromBytes(asBytes(arrays.artists as Int32Array)),
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
    throw Object.assign(
      new Error(`The model file ${full} cannot be read (${err.message}): retrain the model.`),
      { code: err.code },
    );
  });
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
  return unpackLibraryModel(await readModelFile(dbPath, file));
}
