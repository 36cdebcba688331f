import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src-main/engine';
import { MediaRefused, mediaResponse, resolveMediaPath } from '../../src-main/media';
import { makeServeLibrary, type ServeLibrary } from './serve-fixture';

let lib: ServeLibrary;
let engine: Engine;

beforeAll(async () => {
  lib = await makeServeLibrary();
  engine = lib.openEngine();
});
afterAll(async () => {
  await engine.close();
  lib.cleanup();
});

async function bytes(body: Readable | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body ?? []) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('resolveMediaPath', () => {
  it('gives the real path of a track inside a library folder', async () => {
    expect(await resolveMediaPath(engine.db, lib.ids.sine)).toBe(
      path.join(lib.musicDir, 'sine.mp3'),
    );
  });

  it.each([
    [
      'a track whose file lies outside every library folder',
      () => lib.ids.outside,
      'outside-library',
    ],
    [
      'a symlink inside a library folder that points outside it',
      () => lib.ids.symlinkOut,
      'outside-library',
    ],
    ['a track whose file was deleted', () => lib.ids.deleted, 'missing-file'],
    ['an id that names no track', () => 999_999, 'unknown-track'],
  ])('refuses %s', async (_what, trackId, reason) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const attempt = resolveMediaPath(engine.db, trackId());
    await expect(attempt).rejects.toBeInstanceOf(MediaRefused);
    await expect(attempt).rejects.toMatchObject({ reason });
    // the log names the track and the reason, never a path outside the library
    expect(warn.mock.calls.flat().join(' ')).not.toContain(lib.dir);
    warn.mockRestore();
  });
});

describe('mediaResponse', () => {
  let file: string;
  let whole: Buffer;
  beforeAll(async () => {
    file = path.join(lib.musicDir, 'sine.mp3');
    whole = await readFile(file);
  });

  it('answers without a Range with the whole file, 200, as audio/mpeg', async () => {
    const r = await mediaResponse(file, undefined);
    expect(r.status).toBe(200);
    expect(r.headers).toMatchObject({
      'Accept-Ranges': 'bytes',
      'Content-Type': 'audio/mpeg',
      'Content-Length': String(whole.length),
    });
    expect((await bytes(r.body)).equals(whole)).toBe(true);
  });

  it('answers bytes=0-99 with the first hundred bytes, 206', async () => {
    const r = await mediaResponse(file, 'bytes=0-99');
    expect(r.status).toBe(206);
    expect(r.headers['Content-Range']).toBe(`bytes 0-99/${whole.length}`);
    expect(r.headers['Content-Length']).toBe('100');
    expect((await bytes(r.body)).equals(whole.subarray(0, 100))).toBe(true);
  });

  it('answers bytes=100- with the rest of the file', async () => {
    const r = await mediaResponse(file, 'bytes=100-');
    expect(r.status).toBe(206);
    expect(r.headers['Content-Range']).toBe(`bytes 100-${whole.length - 1}/${whole.length}`);
    expect((await bytes(r.body)).equals(whole.subarray(100))).toBe(true);
  });

  it('answers bytes=-100 with the last hundred bytes', async () => {
    const r = await mediaResponse(file, 'bytes=-100');
    expect(r.status).toBe(206);
    expect(r.headers['Content-Range']).toBe(
      `bytes ${whole.length - 100}-${whole.length - 1}/${whole.length}`,
    );
    expect((await bytes(r.body)).equals(whole.subarray(whole.length - 100))).toBe(true);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const r = await mediaResponse(file, `bytes=${whole.length}-`);
    expect(r.status).toBe(416);
    expect(r.headers['Content-Range']).toBe(`bytes */${whole.length}`);
    expect(r.body).toBeNull();
  });
});
