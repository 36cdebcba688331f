import { describe, expect, it } from 'vitest';
import { HeardTime, MAX_STEP_MS } from '../../../src-renderer/lib/listening';

/** Plays from `from` to `to` seconds in timeupdate steps of 0.25 s. */
function play(h: HeardTime, from: number, to: number) {
  h.resume(from);
  for (let t = from + 0.25; t <= to + 1e-9; t += 0.25) h.tick(t);
}

describe('HeardTime', () => {
  it('counts the time between timeupdates while playing', () => {
    const h = new HeardTime();
    play(h, 0, 30);
    expect(h.ms).toBe(30_000);
  });

  it('does not count a seek to near the end as having heard the song', () => {
    const h = new HeardTime();
    play(h, 0, 10);
    h.seeked(200);
    play(h, 200, 210);
    expect(h.ms).toBe(20_000);
  });

  it('ignores a jump between two timeupdates that no seek event announced', () => {
    const h = new HeardTime();
    h.resume(0);
    h.tick(0.25);
    h.tick(0.25 + MAX_STEP_MS / 1000 + 5);
    expect(h.ms).toBe(250);
  });

  it('counts nothing while paused, and measures again from where playback resumes', () => {
    const h = new HeardTime();
    play(h, 0, 5);
    h.pause();
    h.tick(60);
    h.resume(60);
    h.tick(60.5);
    expect(h.ms).toBe(5_500);
  });

  it('counts a section heard twice twice (the listener went back to it)', () => {
    const h = new HeardTime();
    play(h, 0, 10);
    h.seeked(0);
    play(h, 0, 10);
    expect(h.ms).toBe(20_000);
  });

  it('starts from zero after the heard time is taken for a recorded play', () => {
    const h = new HeardTime();
    play(h, 0, 4);
    expect(h.take()).toBe(4_000);
    expect(h.ms).toBe(0);
    h.tick(4.5);
    expect(h.ms).toBe(500);
  });
});
