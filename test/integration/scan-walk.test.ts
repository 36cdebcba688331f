import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeName, walkFolder } from '../../src-main/library/walk';

let root: string;
const rel = (p: string): string => path.relative(root, p);

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'encore-walk-'));
  const put = (p: string, bytes = 'x'): void => {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), bytes);
  };
  put('Artist/Album/01 - a.mp3');
  put('Artist/Album/02 - b.FLAC');
  put('Artist/Album/cover.jpg');
  put('Artist/Album/.hidden.mp3');
  put('.git/objects/x.mp3');
  put('Artist/empty.ogg', '');
  mkdirSync(path.join(root, 'Links'));
  symlinkSync(path.join(root, 'Artist'), path.join(root, 'Links', 'same-artist-again'));
  symlinkSync(path.join(root, 'nowhere.mp3'), path.join(root, 'Links', 'broken-link.mp3'));
  symlinkSync(path.join(root, 'nowhere'), path.join(root, 'Links', 'broken-link-to-folder'));
  symlinkSync('../..', path.join(root, 'Artist', 'Album', 'up-two'));
  writeFileSync(
    Buffer.concat([
      Buffer.from(path.join(root, 'Links') + '/'),
      Buffer.from([0x41, 0xe9, 0x2e]),
      Buffer.from('mp3'),
    ]),
    'x',
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('walkFolder', () => {
  it('lists audio files by extension, any case, and skips hidden entries and other files', async () => {
    const { files } = await walkFolder(root);
    expect(files.map((f) => rel(f.path)).sort()).toEqual([
      'Artist/Album/01 - a.mp3',
      'Artist/Album/02 - b.FLAC',
    ]);
    expect(files[0]).toMatchObject({ size: 1, mtimeMs: expect.any(Number) });
    expect(Number.isInteger(files[0]!.mtimeMs)).toBe(true);
  });

  it('reports a link back up the tree as a loop, and a second link to a walked folder not at all', async () => {
    const { errors } = await walkFolder(root);
    const loops = errors.filter((e) => /loop/.test(e.message)).map((e) => rel(e.path));
    expect(loops).toEqual(['Artist/Album/up-two']);
  });

  it('reports empty files, broken links with audio names and non-UTF-8 names, one error each', async () => {
    const { errors } = await walkFolder(root);
    const byPath = Object.fromEntries(errors.map((e) => [rel(e.path), e.message]));
    expect(byPath['Artist/empty.ogg']).toMatch(/empty/);
    expect(byPath['Links/broken-link.mp3']).toMatch(/broken link/);
    expect(byPath['Links/A\\xe9.mp3']).toMatch(/not valid UTF-8; rename/);
    expect(Object.keys(byPath)).toHaveLength(4);
  });

  it('says the folder itself could not be read', async () => {
    const r = await walkFolder(path.join(root, 'not-there'));
    expect(r).toMatchObject({
      files: [],
      rootRead: false,
      errors: [{ message: expect.stringMatching(/Not found/) }],
    });
  });
});

describe('escapeName', () => {
  it('keeps valid UTF-8 runs and escapes only the bad bytes', () => {
    expect(
      escapeName(Buffer.concat([Buffer.from('Björk '), Buffer.from([0xff]), Buffer.from('ok')])),
    ).toBe('Björk \\xffok');
  });

  it('escapes a truncated multi-byte sequence', () => {
    expect(escapeName(Buffer.from([0x61, 0xe2, 0x82]))).toBe('a\\xe2\\x82');
  });
});
