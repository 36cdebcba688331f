// Listening sessions are cut in JavaScript over plays read in index order (sessionCutter); they
// were cut by SQL window functions, which sort every play twice (34 s at 3,000,000 plays). The
// window query stays here as the definition both must agree with, on random histories: ties in
// time, duplicates, other profiles, plays of no library track, and gaps right at the setting.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../src-main/db/connection';
import { sessionCutter, sessionGapS, sessionPlays } from '../../../src-main/db/history-stats';
import { trainingPlays } from '../../../src-main/db/training-data';

const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-sessions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The window query sessions were defined by (history-stats before the change). */
const BY_WINDOW = `WITH ordered AS (
     SELECT id, played_at,
            CASE WHEN played_at - LAG(played_at) OVER w > @gap THEN 1 ELSE 0 END AS starts
       FROM plays
      WHERE profile_id = @profileId AND duplicate_of IS NULL
     WINDOW w AS (ORDER BY played_at, id)
   )
   SELECT id AS playId, SUM(starts) OVER (ORDER BY played_at, id ROWS UNBOUNDED PRECEDING) AS session
     FROM ordered ORDER BY played_at, id`;

describe('sessionCutter', () => {
  it('starts a session after a gap longer than the setting, not one equal to it', () => {
    const cut = sessionCutter(1800);
    expect([0, 100, 1900, 3701, 3701, 5501].map(cut)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('cuts the same sessions as the window query did, for training and for stats', () => {
    const db = openDb(path.join(dir, 'sessions.db'));
    db.prepare("INSERT INTO profiles (id, name, created_at) VALUES (2, 'other', 0)").run();
    db.prepare(
      `INSERT INTO tracks (id, path, size, mtime_ms, title, artist, added_at, updated_at)
       VALUES (1, '/m/1.mp3', 1, 0, 't', 'a', 0, 0)`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO plays (id, profile_id, played_at, track_id, artist, title, source, source_key,
         skipped, duplicate_of)
       VALUES (?, ?, ?, ?, 'A', 'T', 'test', ?, 0, ?)`,
    );
    const gap = sessionGapS(db);
    const play = fc.record({
      step: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(gap, gap + 1, 5 * gap)),
      profile: fc.constantFrom(1, 1, 1, 2),
      inLibrary: fc.boolean(),
      duplicate: fc.boolean(),
      back: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(play, { maxLength: 60 }), (plays) => {
        db.prepare('DELETE FROM plays').run();
        let at = 1_000_000;
        plays.forEach((p, i) => {
          // Some plays go back in time: ids and times out of step, as imports make them.
          at += p.back ? -p.step : p.step;
          const duplicate = p.duplicate && i > 0 ? 1 : null;
          insert.run(i + 1, p.profile, at, p.inLibrary ? 1 : null, String(i), duplicate);
        });
        const expected = db.prepare(BY_WINDOW).all({ profileId: 1, gap }) as {
          playId: number;
          session: number;
        }[];
        expect(sessionPlays(db, 1).map((p) => ({ playId: p.playId, session: p.session }))).toEqual(
          expected,
        );
        expect(trainingPlays(db, 1).map((p) => ({ playId: p.playId, session: p.session }))).toEqual(
          expected,
        );
      }),
      { numRuns: 150 },
    );
    db.close();
  });
});
