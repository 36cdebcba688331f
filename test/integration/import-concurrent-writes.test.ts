import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { importHistory } from '../../src-main/history/import-files';
import { recordAppPlay } from '../../src-main/db/plays';
import { addTracks, tempDb } from './import-helpers';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A Last.fm export (`utc_time,artist,album,track`) big enough to take many event-loop turns. */
function bigExport(rows: number): string {
  const lines = ['utc_time,artist,album,track'];
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < rows; i++) {
    const d = new Date(start + i * 60_000);
    const day = d.getUTCDate();
    const mon = d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
    const hh = String(d.getUTCHours()).padStart(2, '0');
    const mm = String(d.getUTCMinutes()).padStart(2, '0');
    lines.push(
      `"${day} ${mon} ${d.getUTCFullYear()}, ${hh}:${mm}",Artist ${i % 300},Album,Song ${i % 5000}`,
    );
  }
  return lines.join('\n');
}

describe('an import running beside other writes', () => {
  it('keeps a play recorded by the player while an import is in flight, even when the import is cancelled', async () => {
    const t = tempDb();
    cleanup = t.done;
    const [trackId] = addTracks(t.db, [
      { artist: 'Player', title: 'Heard during import', durationMs: 200_000 },
    ]);
    const file = path.join(t.dir, 'scrobbles.csv');
    writeFileSync(file, bigExport(40_000));
    const controller = new AbortController();
    let recorded = false;
    const run = importHistory(t.db, [file], {
      profileId: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.rows > 0 && !recorded) {
          recorded = true;
          recordAppPlay(t.db, {
            profileId: 1,
            trackId: trackId!,
            startedAtMs: 1_700_000_000_000,
            msPlayed: 150_000,
          });
          controller.abort();
        }
      },
    });
    await expect(run).rejects.toThrow();
    expect(recorded).toBe(true);
    const sources = t.db.prepare('SELECT source, COUNT(*) AS n FROM plays GROUP BY source').all();
    expect(sources).toEqual([{ source: 'app', n: 1 }]);
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
