/**
 * Property tests (issue 7) for the name and tag normalisers: any string, including broken
 * surrogates, combining marks, NULs and control characters, gives a result without throwing, and
 * the results keep the promises the matchers rely on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  creditedArtists,
  normalizeAlbum,
  normalizeArtist,
  normalizeTitle,
  playKey,
} from '../../../src-main/history/normalize';
import { nameKey } from '../../../src-main/library/names';
import {
  guessFromFolders,
  titleFromFileName,
  toTrackRecord,
  UNKNOWN_ARTIST,
} from '../../../src-main/library/tags';

/** Any UTF-16 (lone surrogates included), graphemes, and the characters tags are padded with. */
const anyName = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom(
      '\0',
      ' ',
      '\t',
      '(',
      ')',
      '-',
      'feat.',
      'The ',
      'e\u0301',
      '&',
      ',',
      'ß',
    ),
    maxLength: 20,
  }),
);
const optionalName = fc.option(anyName, { nil: undefined });

describe('history name normalisers', () => {
  it('give the same string every time for any name (the cache never changes an answer)', () => {
    // Not idempotent, and need not be: both sides of a match are normalised from the raw name
    // once ("The The feat." → "the feat" → "feat").
    fc.assert(
      fc.property(anyName, (name) => {
        for (const f of [normalizeArtist, normalizeTitle, normalizeAlbum]) {
          const first = f(name);
          expect(typeof first).toBe('string');
          expect(f(name)).toBe(first);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('list the whole artist first and never an empty credit', () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const credits = creditedArtists(name);
        expect(credits[0]).toBe(normalizeArtist(name));
        expect(credits.slice(1).every((c) => c.length > 0)).toBe(true);
        expect(new Set(credits).size).toBe(credits.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('key a play by artist and title with the separator only between them', () => {
    fc.assert(
      fc.property(anyName, anyName, (artist, title) => {
        const key = playKey(artist.replaceAll('\x1f', ''), title.replaceAll('\x1f', ''));
        expect(key.split('\x1f')).toHaveLength(2);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('library name and tag normalisers', () => {
  it('key names case- and accent-blind, trimmed, and idempotent', () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const key = nameKey(name);
        expect(nameKey(key)).toBe(key);
        expect(key).toBe(key.trim());
        // Case-blind, "ß"/"SS" and final sigma included (a full case fold).
        expect(nameKey(name.toUpperCase())).toBe(nameKey(name.toLowerCase()));
      }),
      { numRuns: 2000 },
    );
  });

  it('split any file name into a non-empty title and an optional positive track number', () => {
    fc.assert(
      fc.property(
        anyName.filter((s) => s.length > 0),
        fc.constantFrom('.mp3', '.flac', ''),
        (base, ext) => {
          const { title, trackNo } = titleFromFileName(base + ext);
          expect(title.length).toBeGreaterThan(0);
          expect(trackNo === null || (Number.isInteger(trackNo) && trackNo > 0)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('guess artist and album only from folders inside the library folder', () => {
    fc.assert(
      fc.property(
        fc.array(
          anyName.map((s) => s.replace(/[/\0]/g, '_')),
          { maxLength: 4 },
        ),
        (parts) => {
          const guess = guessFromFolders(['/outside', ...parts, 'f.mp3'].join('/'), '/music');
          expect(guess).toEqual({ artist: null, album: null, discNo: null });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('map any tags to a track row with an artist, a title and no empty or NUL strings', () => {
    const tags = fc.record(
      {
        title: optionalName,
        artist: optionalName,
        artists: fc.option(fc.array(anyName, { maxLength: 3 }), { nil: undefined }),
        albumartist: optionalName,
        album: optionalName,
        track: fc.record({
          no: fc.option(fc.double(), { nil: null }),
          of: fc.option(fc.double(), { nil: null }),
        }),
        year: fc.option(fc.double(), { nil: undefined }),
        date: optionalName,
        genre: fc.option(fc.array(anyName, { maxLength: 3 }), { nil: undefined }),
        compilation: fc.option(fc.boolean(), { nil: undefined }),
      },
      { requiredKeys: [] },
    );
    const format = fc.record(
      { codec: optionalName, duration: fc.option(fc.double(), { nil: undefined }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(tags, format, anyName, (common, fmt, folder) => {
        const dir = `/music/${folder.replace(/[/\0]/g, '_') || 'x'}`;
        const row = toTrackRecord(
          { path: `${dir}/01 - a.mp3`, folderPath: '/music', folderId: 1, size: 1, mtimeMs: 0 },
          { common, format: fmt },
        );
        expect(row.artist.length).toBeGreaterThan(0);
        expect(row.title.length).toBeGreaterThan(0);
        for (const value of Object.values(row)) {
          if (typeof value === 'string') {
            expect(value.trim()).not.toBe('');
            expect(value).not.toContain('\0');
          }
          if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
        }
        if (!common.artist?.replace(/\0/g, '').trim() && !common.artists?.length) {
          expect([UNKNOWN_ARTIST, dir.split('/').at(-1)!.trim()]).toContain(row.artist);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
