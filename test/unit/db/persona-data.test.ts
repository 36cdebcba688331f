// The Personas screen's timed plays are computed in JavaScript from raw (track, time) rows
// (forEachTimedPlay); the query they replace stays here as their definition: same plays, same
// order, same local weekday, hour and month start, for any time zone and any month boundary.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../src-main/db/connection';
import { forEachTimedPlay } from '../../../src-main/db/persona-data';

const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-persona-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BY_SQL = `SELECT track_id AS trackId,
       ((played_at + @tz) / 86400 + 3) % 7 AS weekday,
       ((played_at + @tz) % 86400) / 3600 AS hour,
       CAST(strftime('%s', played_at + @tz, 'unixepoch', 'start of month') AS INTEGER) AS monthStart
  FROM plays
 WHERE profile_id = @profileId AND duplicate_of IS NULL AND skipped = 0 AND track_id IS NOT NULL
 ORDER BY played_at`;

describe('forEachTimedPlay', () => {
  it('gives the plays, weekdays, hours and months the SQL definition gives', () => {
    const db = openDb(path.join(dir, 'timed.db'));
    for (const id of [1, 2])
      db.prepare(
        `INSERT INTO tracks (id, path, size, mtime_ms, title, artist, added_at, updated_at)
         VALUES (?, ?, 1, 0, 't', 'a', 0, 0)`,
      ).run(id, `/m/${id}.mp3`);
    const insert = db.prepare(
      `INSERT INTO plays (profile_id, played_at, track_id, artist, title, source, source_key,
         skipped, duplicate_of)
       VALUES (1, ?, ?, 'A', 'T', 'test', ?, ?, ?)`,
    );
    // Times around month and day boundaries (2000 to 2030), distinct so the order is total.
    const time = fc.oneof(
      fc.integer({ min: 946_684_800, max: 1_900_000_000 }),
      fc
        .tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 0, max: 11 }))
        .chain(([y, m]) =>
          fc.integer({ min: -50_000, max: 50_000 }).map((d) => Date.UTC(y, m, 1) / 1000 + d),
        ),
    );
    const play = fc.record({
      at: time,
      track: fc.constantFrom(1, 2, null),
      skipped: fc.boolean(),
      duplicate: fc.boolean(),
    });
    const tz = fc.constantFrom(0, 3600, -18_000, 19_800, 45_900, -36_000);
    fc.assert(
      fc.property(
        fc.uniqueArray(play, { selector: (p) => p.at, maxLength: 40 }),
        tz,
        (plays, tzS) => {
          db.prepare('DELETE FROM plays').run();
          plays.forEach((p, i) =>
            insert.run(
              p.at,
              p.track,
              String(i),
              p.skipped ? 1 : 0,
              p.duplicate && i > 0 ? 1 : null,
            ),
          );
          const expected = db.prepare(BY_SQL).all({ profileId: 1, tz: BigInt(tzS) });
          const got: unknown[] = [];
          forEachTimedPlay(db, 1, tzS, (trackId, weekday, hour, monthStart) =>
            got.push({ trackId, weekday, hour, monthStart }),
          );
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
    db.close();
  });
});
