// The Personas calls on the demo library, whose history was simulated from three personas by time
// of day (resources/demo/README.md): morning ambient/piano/lo-fi, evening indie/folk/jazz, and
// Friday–Saturday night synthwave/techno. Folding it into three personas must find them again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../src-main/api/handlers';
import type { Engine } from '../../src-main/engine';
import type { Personas } from '../../src-main/recommend/personas';
import { openDemoEngine, type DemoEngine } from './demo-engine';

let demo: DemoEngine;
let engine: Engine;
let api: Handlers;

beforeAll(async () => {
  demo = await openDemoEngine('personas');
  ({ engine, api } = demo);
}, 60_000);

afterAll(() => demo.close());

describe('personas on the demo library', () => {
  it('asks to train a model first when none exists', async () => {
    await expect(api['personas.list']({})).rejects.toThrow(/Train a model first/);
    await expect(api['personas.map']({})).rejects.toThrow(/Train a model first/);
    await expect(api['personas.play']({ persona: 0, n: 5 })).rejects.toThrow(/Train a model first/);
  });

  let result: Personas;
  it('finds three personas whose top artists differ, labelled by when and what they play', async () => {
    const { jobId } = await api['models.train']({ kind: 'als' });
    expect((await engine.jobs.wait(jobId)).state).toBe('done');
    result = await api['personas.list']({});
    expect(result.personas).toHaveLength(3);
    const tops = result.personas.map((p) => p.topArtists[0]!.name);
    expect(new Set(tops).size).toBe(3);
    // No artist is a top-2 artist of two personas: the tastes are apart.
    const top2 = result.personas.flatMap((p) => p.topArtists.slice(0, 2).map((a) => a.name));
    expect(new Set(top2).size).toBe(top2.length);
    expect(result.personas.map((p) => p.persona)).toEqual([0, 1, 2]);
    expect(result.personas.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 6);
    // The times the history was simulated with, recovered from the plays each persona owns.
    expect(result.personas.map((p) => p.time).sort()).toEqual([
      'Evenings',
      'Friday and Saturday nights',
      'Weekday mornings',
    ]);
    for (const p of result.personas)
      expect(p.label).toBe(`${p.time} · ${p.genres.slice(0, 2).join(', ')}`);
  });

  it('gives each month shares that sum to one, in time order', () => {
    expect(result.months.length).toBeGreaterThanOrEqual(6);
    for (const m of result.months) expect(m.shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    const starts = result.months.map((m) => m.monthStart);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('maps every played library artist, coloured by the persona owning its top artists', async () => {
    const points = await api['personas.map']({});
    expect(points.length).toBeGreaterThanOrEqual(8);
    for (const p of points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    for (const persona of result.personas) {
      const top = points.find((p) => p.artist === persona.topArtists[0]!.name);
      expect(top?.persona).toBe(persona.persona);
    }
  });

  it('plays a persona from its own artists', async () => {
    for (const persona of result.personas) {
      const tracks = await api['personas.play']({ persona: persona.persona, n: 10 });
      expect(tracks).toHaveLength(10);
      const own = new Set(persona.topArtists.map((a) => a.name));
      const mine = tracks.filter((t) => own.has(t.artist)).length;
      expect(mine).toBeGreaterThanOrEqual(7);
    }
  });

  it('refuses a persona the history does not have', async () => {
    await expect(api['personas.play']({ persona: 5, n: 3 })).rejects.toThrow(/no persona 5/);
  });
});
