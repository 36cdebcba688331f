import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoLibraryDir } from '../../src-main/paths';
import { DEMO_SEED, demoTracks } from '../../scripts/make-demo/catalogue';
import { compose } from '../../scripts/make-demo/compose';
import { historyJson, simulateHistory } from '../../scripts/make-demo/history';
import { Rng } from '../../scripts/make-demo/rng';
import { styles, type StyleName } from '../../scripts/make-demo/styles';

describe('the demo generator', () => {
  it('wrote the committed history.json: the file is what the seeded simulation gives', () => {
    const committed = readFileSync(path.join(demoLibraryDir(), 'history.json'), 'utf8');
    const again = historyJson(simulateHistory(demoTracks(), new Rng(DEMO_SEED).fork('history')));
    expect(again).toBe(committed);
  });

  it('lists at least 48 songs by 8 artists, one artist and title per song, in the Artist/Album (Year) layout', () => {
    const tracks = demoTracks();
    expect(tracks.length).toBeGreaterThanOrEqual(48);
    expect(new Set(tracks.map((t) => t.artist)).size).toBe(8);
    expect(new Set(tracks.map((t) => `${t.artist}\x1f${t.title}`)).size).toBe(tracks.length);
    for (const t of tracks)
      expect(t.relPath).toMatch(
        /^[^/]+\/[^/]+ \(\d{4}\)\/\d\d - [^/]+\.(mp3|ogg|opus|m4a|flac|wav)$/,
      );
  });

  it.each(Object.keys(styles) as StyleName[])(
    'writes %s pieces whose layers last the whole song and whose fades never overlap',
    (name) => {
      for (let seed = 1; seed <= 5; seed++) {
        const piece = compose(styles[name], new Rng(seed), 10);
        for (const layer of piece.layers) {
          expect(layer.events.reduce((s, e) => s + e.dur, 0)).toBeGreaterThanOrEqual(10);
          for (const e of layer.events) {
            // sox refuses `fade q IN STOP OUT` when IN + OUT exceeds STOP, as printed (4 decimals)
            const fade = e.fx?.map((f) => /^fade q (\S+) (\S+) (\S+)$/.exec(f)).find((m) => m);
            if (fade)
              expect(Number(fade[1]) + Number(fade[3])).toBeLessThanOrEqual(Number(fade[2]) + 1e-9);
          }
        }
      }
    },
  );

  it('draws the same numbers from the same seed, and different ones from another label', () => {
    const a = new Rng(DEMO_SEED);
    const b = new Rng(DEMO_SEED);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(
      Array.from({ length: 5 }, () => b.next()),
    );
    expect(new Rng(7).fork('x').uuid()).not.toBe(new Rng(7).fork('y').uuid());
    expect(new Rng(7).uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
