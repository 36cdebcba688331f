import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine';
import type { Handlers } from '../../src-main/api/handlers';
import { recentPlays } from '../../src-main/db/plays';
import { normalizeArtist } from '../../src-main/history/normalize';
import { MAX_ARTIST_RUN, NO_REPEAT_PLAYS } from '../../src-main/recommend/radio-rules';
import type { RadioPick } from '../../src-main/recommend/radio-engine';
import { chooseRadioWeights, fitSessionModel } from '../../src-main/recommend/radio-session-model';
import { TASTE_WEIGHT_GRID } from '../../models/nextsong/taste-weight';
import { openDemoEngine, type DemoEngine, mostPlayedTrack } from './demo-engine';

let demo: DemoEngine;
let engine: Engine;
let api: Handlers;
/** A track the demo history plays often: a session seed with rules after it. */
let seed: number;

beforeAll(async () => {
  demo = await openDemoEngine('radio');
  ({ engine, api } = demo);
  seed = mostPlayedTrack(engine.db);
}, 60_000);

afterAll(() => demo.close());

const artist = (p: RadioPick) => normalizeArtist(p.track.artist);
const artistOf = (id: number) =>
  normalizeArtist(
    engine.db.prepare('SELECT artist FROM tracks WHERE id = ?').pluck().get(id) as string,
  );

function longestRun(artists: string[]): number {
  let best = 0;
  let run = 0;
  artists.forEach((a, i) => (best = Math.max(best, (run = a === artists[i - 1] ? run + 1 : 1))));
  return best;
}

describe('radio.next on the demo library, with no trained model', () => {
  it('fills a queue from nothing, every track playable and with a reason', async () => {
    const picks = await api['radio.next']({ history: [], n: 10 });
    expect(picks).toHaveLength(10);
    expect(new Set(picks.map((p) => p.track.id)).size).toBe(10);
    for (const p of picks) expect(p.reason.length).toBeGreaterThan(3);
  });

  it('continues a session with tracks that often follow it, saying so', async () => {
    const picks = await api['radio.next']({ history: [seed], n: 5 });
    expect(picks.map((p) => p.track.id)).not.toContain(seed);
    expect(picks.some((p) => p.reason.startsWith('often follows '))).toBe(true);
  });

  it('never repeats the session or any of the last 50 plays', async () => {
    const recent = recentPlays(engine.db, engine.profileId, NO_REPEAT_PLAYS).flatMap((p) =>
      p.trackId ? [p.trackId] : [],
    );
    const picks = await api['radio.next']({ history: [seed], n: 30 });
    const ids = new Set(picks.map((p) => p.track.id));
    for (const id of [...recent, seed]) expect(ids.has(id)).toBe(false);
  });

  it('keeps at most two tracks in a row by one artist, counting the session', async () => {
    const picks = await api['radio.next']({ history: [seed], n: 20 });
    expect(longestRun([artistOf(seed), ...picks.map(artist)])).toBeLessThanOrEqual(MAX_ARTIST_RUN);
  });

  it('leaves out what is already queued', async () => {
    const first = await api['radio.next']({ history: [seed], n: 3 });
    const queued = first.map((p) => p.track.id);
    const more = await api['radio.next']({ history: [seed], exclude: queued, n: 3 });
    for (const p of more) expect(queued).not.toContain(p.track.id);
  });

  it('pushes a skipped track’s artist down at once', async () => {
    const [skip] = await api['radio.next']({ history: [seed], n: 1 });
    const s = skip!.track.id;
    // Same prefix and exclusions both times; only the skip differs.
    const plain = await api['radio.next']({ history: [seed], exclude: [s], n: 200 });
    const skipped = await api['radio.next']({ history: [seed, s], skipped: [s], n: 200 });
    const scoreIn = (list: RadioPick[]) => new Map(list.map((p) => [p.track.id, p.score]));
    const [before, after] = [scoreIn(plain), scoreIn(skipped)];
    const sameArtist = plain.filter((p) => artist(p) === artist(skip!));
    expect(sameArtist.length).toBeGreaterThan(0);
    for (const p of sameArtist) {
      expect(after.get(p.track.id)!).toBeLessThanOrEqual(0.5 * before.get(p.track.id)! + 1e-9);
    }
  });
});

describe('radio.next with a trained For You model', () => {
  beforeAll(async () => {
    const { jobId } = await api['models.train']({ kind: 'als' });
    expect((await engine.jobs.wait(jobId)).state).toBe('done');
  }, 120_000);

  it('still fills the queue with reasons and obeys the rules', async () => {
    const picks = await api['radio.next']({ history: [seed], n: 10 });
    expect(picks).toHaveLength(10);
    expect(longestRun([artistOf(seed), ...picks.map(artist)])).toBeLessThanOrEqual(MAX_ARTIST_RUN);
    expect(
      picks.every((p) =>
        /^(often follows|because you played|one of your|played in|from your)/.test(p.reason),
      ),
    ).toBe(true);
  });
});

describe('the radio without a trained GRU', () => {
  it('chooses its rules, session-kNN and taste weights on the latest sessions, and uses them', async () => {
    const chosen = (await chooseRadioWeights(engine.db, engine.profileId))!;
    expect(chosen.weights).toHaveLength(2);
    expect(Math.max(...chosen.weights)).toBe(1);
    expect(TASTE_WEIGHT_GRID).toContain(chosen.tasteWeight);
    const session = await fitSessionModel(engine.db, engine.profileId, null, chosen);
    expect(session.tasteWeight).toBe(chosen.tasteWeight);
    expect(session.blend.parts.map((p) => p.weight)).toEqual(chosen.weights);
  }, 60_000);
});
