import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine';
import type { Handlers } from '../../src-main/api/handlers';
import { normalizeArtist } from '../../src-main/history/normalize';
import { MAX_ARTIST_RUN } from '../../src-main/recommend/radio-rules';
import { personaLock } from '../../src-main/recommend/radio-persona';
import { trainerOf } from '../../src-main/recommend/handlers';
import type { Persona } from '../../src-main/recommend/personas';
import { openDemoEngine, type DemoEngine } from './demo-engine';

let demo: DemoEngine;
let engine: Engine;
let api: Handlers;
let personas: Persona[];

beforeAll(async () => {
  demo = await openDemoEngine('radio-persona');
  ({ engine, api } = demo);
}, 60_000);

afterAll(() => demo.close());

describe('radio.next locked to a persona', () => {
  it('needs a trained For You model: the personas fold against it', async () => {
    await expect(api['radio.next']({ history: [], n: 5, persona: 0 })).rejects.toMatchObject({
      name: 'NoModelError',
    });
  });

  describe('once the For You model is trained', () => {
    beforeAll(async () => {
      const { jobId } = await api['models.train']({ kind: 'als' });
      expect((await engine.jobs.wait(jobId)).state).toBe('done');
      personas = (await api['personas.list']({})).personas;
      expect(personas.length).toBeGreaterThan(1);
    }, 120_000);

    it("keeps to the persona's tracks and says so with its label", async () => {
      for (const p of personas) {
        const members = personaLock(
          engine.db,
          engine.profileId,
          await trainerOf(engine).active.get(),
          3,
          p.persona,
        ).members;
        const picks = await api['radio.next']({ history: [], n: 10, persona: p.persona });
        expect(picks).toHaveLength(10);
        // The demo's personas hold about 20 tracks each, some just played: the first five are theirs.
        for (const q of picks.slice(0, 5)) expect(members.has(q.track.id)).toBe(true);
        for (const q of picks.filter((r) => members.has(r.track.id)))
          expect(q.reason).toBe(`from your ${p.label} persona`);
      }
    });

    it('gives each persona its own queue', async () => {
      const queue = async (persona: number) =>
        (await api['radio.next']({ history: [], n: 10, persona })).map((q) => q.track.id);
      const [a, b] = [await queue(0), await queue(1)];
      expect(a.filter((id) => b.includes(id)).length).toBeLessThan(5);
    });

    it('still spaces artists and never repeats the session', async () => {
      const seed = personas[0]!.tracks[0]!.trackId;
      const picks = await api['radio.next']({ history: [seed], n: 20, persona: 0 });
      expect(picks.map((q) => q.track.id)).not.toContain(seed);
      const artists = picks.map((q) => normalizeArtist(q.track.artist));
      let run = 1;
      artists.forEach((a, i) => {
        run = a === artists[i - 1] ? run + 1 : 1;
        expect(run).toBeLessThanOrEqual(MAX_ARTIST_RUN);
      });
    });

    it('refuses a persona the history does not fold into', async () => {
      await expect(
        api['radio.next']({ history: [], n: 5, persona: personas.length, personas: 3 }),
      ).rejects.toThrow(/There is no persona/);
    });
  });
});
