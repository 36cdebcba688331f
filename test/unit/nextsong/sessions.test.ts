import { describe, expect, it } from 'vitest';
import {
  splitSessions,
  temporalSplit,
  windows,
  type Play,
  type Session,
} from '../../../models/nextsong/sessions';

const play = (minute: number, item: number, skipped = false): Play => ({
  time: minute * 60,
  item,
  skipped,
});
const session = (start: number, ...items: number[]): Session => ({
  start,
  items: Int32Array.from(items),
  skipped: new Uint8Array(items.length),
});

describe('splitSessions', () => {
  it('starts a new session after more than 30 minutes of silence, not after exactly 30', () => {
    const sessions = splitSessions([play(0, 1), play(30, 2), play(61, 3), play(62, 4, true)]);
    expect(sessions.map((s) => [...s.items])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect([...sessions[1]!.skipped]).toEqual([0, 1]);
    expect(sessions[1]!.start).toBe(61 * 60);
  });

  it('refuses plays that are not sorted by time, naming the play', () => {
    expect(() => splitSessions([play(5, 1), play(4, 2)])).toThrow(/play 1 is earlier than play 0/);
  });
});

describe('windows', () => {
  it('cuts a long session into windows of at most the size that share one track, covering every transition', () => {
    const long = session(0, ...Array.from({ length: 45 }, (_, i) => i));
    const cut = windows(long, 20);
    expect(cut.map((w) => w.items.length)).toEqual([20, 20, 7]);
    const transitions = cut.flatMap((w) =>
      [...w.items].slice(1).map((b, i) => `${w.items[i]}>${b}`),
    );
    expect(transitions).toEqual(Array.from({ length: 44 }, (_, i) => `${i}>${i + 1}`));
  });

  it('keeps a short session whole', () => {
    expect(windows(session(0, 7, 8, 9), 20).map((w) => [...w.items])).toEqual([[7, 8, 9]]);
  });
});

describe('temporalSplit', () => {
  it('drops one-track sessions and holds out the latest 20 % of sessions by start time', () => {
    const sessions = [5, 1, 3, 2, 4, 6, 7, 8, 9, 10].map((start) => session(start, 0, 1, 2));
    sessions.push(session(11, 0));
    const { train, test } = temporalSplit(sessions, 3);
    expect(train.map((s) => s.start)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(test.map((s) => s.start)).toEqual([9, 10]);
  });

  it('removes test plays of tracks never seen in training and drops test sessions left too short', () => {
    const sessions = [session(1, 0, 1), session(2, 1, 2), session(3, 0, 9, 1), session(4, 9, 2)];
    const { train, test } = temporalSplit(sessions, 10, 0.5);
    expect(train).toHaveLength(2);
    expect(test.map((s) => [...s.items])).toEqual([[0, 1]]);
  });
});
