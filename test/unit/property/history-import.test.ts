/**
 * Property tests (issue 7) for every history format: generated and mutated files never crash the
 * importer, never leave part of a file in the database, and end either in a result or in an error
 * that names the file (and, for a bad row, where in it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../src-main/db/connection';
import { detectFormat } from '../../../src-main/history/formats/detect';
import { RowError, UnknownFormatError } from '../../../src-main/history/formats/types';
import { importText } from '../../../src-main/history/import-file';
import { LibraryIndex } from '../../../src-main/history/match';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/history',
);
/** Every committed history fixture, by format folder: the seeds the mutations start from. */
const seeds = readdirSync(fixtures, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(path.join(fixtures, d.name)).map((name) => ({
      name: `${d.name}/${name}`,
      text: readFileSync(path.join(fixtures, d.name, name), 'utf8'),
    })),
  );

/** A string with the characters that break naive parsers: quotes, commas, newlines, braces, NUL. */
const hostileText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', ',', '\n', '\r', '{', '}', '[', ']', ':', '\\', '\0', '\uFEFF', ' ', 'é'),
    fc.string({ minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

/** A text with a few random edits: a span deleted, a span replaced, a span duplicated. */
const mutation = (text: string) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom('delete', 'insert', 'duplicate'),
        fc.nat({ max: Math.max(0, text.length) }),
        fc.nat({ max: 30 }),
        hostileText,
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) =>
      edits.reduce((t, [kind, at, span, insert]) => {
        const i = Math.min(at, t.length);
        if (kind === 'delete') return t.slice(0, i) + t.slice(i + span);
        if (kind === 'insert') return t.slice(0, i) + insert + t.slice(i);
        return t.slice(0, i + span) + t.slice(i, i + span) + t.slice(i + span);
      }, text),
    );

const quoteCsv = (s: string) => `"${s.replace(/"/g, '""')}"`;
const FILE = '/history/export.csv';

let db: Db;
let index: LibraryIndex;
beforeAll(() => {
  db = openDb(':memory:');
  index = new LibraryIndex([]);
});
afterAll(() => db.close());

const playCount = () => (db.prepare('SELECT COUNT(*) AS n FROM plays').get() as { n: number }).n;

/** Imports one text and checks the all-or-nothing rule and the error's wording. */
async function importChecked(text: string, file: string) {
  const before = playCount();
  const result = await importText(db, file, text, { profileId: 1, index });
  const added = playCount() - before;
  if (result.error !== undefined) {
    expect(added).toBe(0);
    expect(result.error).toContain(file);
  } else {
    // A listen already stored from another source is kept too, flagged as its duplicate.
    const run = db
      .prepare(
        `SELECT COUNT(*) AS plays, COUNT(p.duplicate_of) AS flagged FROM plays p
          WHERE p.import_run_id = (SELECT MAX(id) FROM import_runs WHERE file = ?)`,
      )
      .get(file) as { plays: number; flagged: number };
    expect(added).toBe(run.plays);
    expect(run.plays - run.flagged).toBe(result.imported);
  }
  return result;
}

describe('history parsers on generated and mutated files', () => {
  it('parse every file to rows, or throw an error naming the file', () => {
    const seedText = fc.constantFrom(...seeds.map((s) => s.text));
    fc.assert(
      fc.property(fc.oneof(seedText.chain(mutation), hostileText, fc.json()), (text) => {
        let rows = 0;
        try {
          for (const _ of detectFormat(text, FILE).rows(text, FILE)) rows++;
        } catch (e) {
          if (e instanceof RowError) {
            expect(e.message.startsWith(`${FILE}, `)).toBe(true);
            expect(e.where).toMatch(/line \d+|index \d+|\[\d+\]|top level/);
          } else if (e instanceof UnknownFormatError) {
            expect(e.message).toContain(FILE);
          } else {
            // JSON.parse's own complaint: importText adds the file name (checked below).
            expect(e).toBeInstanceOf(SyntaxError);
          }
          return;
        }
        expect(rows).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });

  it('read back the artist, album and title of any generated Last.fm CSV row', () => {
    const name = hostileText.filter((s) => s.trim().length > 0 && !s.includes('\0'));
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(name, name, name, fc.integer({ min: 1_000_000_000, max: 1_900_000_000 })),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (rows) => {
          const text =
            'uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n' +
            rows
              .map(([a, b, t, uts]) => `${uts},x,${quoteCsv(a)},,${quoteCsv(b)},,${quoteCsv(t)},`)
              .join('\n');
          const parsed = [...detectFormat(text, FILE).rows(text, FILE)].map((r) => r.play!);
          expect(parsed.map((p) => [p.artist, p.album, p.title, p.playedAt])).toEqual(
            rows.map(([a, b, t, uts]) => [a.trim(), b.trim() || null, t.trim(), uts]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('importText on generated and mutated files', () => {
  it('keeps every row of a file or none, and names the file in any error', async () => {
    const seedText = fc.constantFrom(...seeds.map((s) => s.text));
    let n = 0;
    const outcomes = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(seedText, seedText.chain(mutation), hostileText), async (text) => {
        const result = await importChecked(text, `/history/file-${n++}.json`);
        outcomes[result.error === undefined ? 'imported' : 'refused']++;
      }),
      { numRuns: 300 },
    );
    // Both halves of the rule were exercised, not only one.
    expect(outcomes.imported).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  });

  it('keeps nothing from a generated CSV whose one bad row comes anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 60 }),
        fc.nat(),
        fc.constantFrom('not-a-time', '', 'only,three,fields'),
        async (length, badAt, bad) => {
          const at = badAt % length;
          const lines = Array.from({ length }, (_, i) =>
            i === at
              ? bad.includes(',')
                ? bad
                : `"${bad}",Artist,Album,Song`
              : `"${String(1 + (i % 28)).padStart(2, '0')} Jan 2023, 09:42",Artist ${i},Album,Song ${i}`,
          );
          const file = `/history/bad-${length}-${at}.csv`;
          const result = await importChecked(
            'utc_time,artist,album,track\n' + lines.join('\n'),
            file,
          );
          expect(result.error).toContain(`line ${at + 2}`);
        },
      ),
      { numRuns: 100 },
    );
  });
});
