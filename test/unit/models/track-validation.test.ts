import { describe, expect, it } from 'vitest';
import type { RawPlay } from '../../../src-main/training/nextsong-data';
import { trackSplit, trainingPart } from '../../../src-main/training/track-eval';

const DAY = 86_400;
const t0 = Date.UTC(2024, 2, 1, 18) / 1000;

/** Twenty evening sessions of four plays, three minutes apart; the third play of each is skipped. */
function evenings(): RawPlay[] {
  const plays: RawPlay[] = [];
  for (let day = 0; day < 20; day++)
    for (let i = 0; i < 4; i++)
      plays.push({
        time: t0 + day * DAY + i * 180,
        artist: `Artist ${i % 2}`,
        title: `Song ${(day + i) % 6}`,
        skipped: i === 2,
      });
  return plays;
}

describe('the validation split tuning runs on (training sessions only)', () => {
  const plays = evenings();
  const test = trackSplit(plays);
  const part = trainingPart(plays);

  it('holds exactly the listened plays of the sessions that train whole', () => {
    // 80 % of 20 session starts: sessions 0–15 train, 16–19 are the test sessions.
    expect(test.protocol.trainSessions).toBe(16);
    const cutoff = t0 + 16 * DAY;
    expect(part.every((p) => p.time < cutoff && !p.skipped)).toBe(true);
    expect(part).toHaveLength(16 * 3);
  });

  it('cuts the same protocol inside them: its test rows are the latest training sessions', () => {
    const validation = trackSplit(part);
    expect(validation.protocol.sessions).toBe(16);
    expect(validation.protocol.trainSessions).toBe(12);
    expect(validation.protocol.testSessions).toBe(4);
    expect(validation.train.rows).toBe(16);
  });

  it('is empty for a history of one session, rather than leaking it', () => {
    expect(trainingPart(plays.slice(0, 4))).toEqual([]);
  });
});
