import { describe, expect, it } from 'vitest';
import {
  personaLabel,
  topNames,
  typicalTime,
  WEEK_SLOTS,
} from '../../../src-main/recommend/personas-label';

interface WhenPlayed {
  weekday: number;
  hour: number;
}

/** `count` plays on each of `weekdays` at each of `hours`. */
function plays(weekdays: number[], hours: number[], count = 3): WhenPlayed[] {
  return weekdays.flatMap((weekday) =>
    hours.flatMap((hour) => Array.from({ length: count }, () => ({ weekday, hour }))),
  );
}

/** The hour-of-week histogram of `list`, as typicalTime takes it. */
function week(list: readonly WhenPlayed[]): Float64Array {
  const slots = new Float64Array(WEEK_SLOTS);
  for (const p of list) slots[p.weekday * 24 + p.hour]!++;
  return slots;
}

describe('typical time of a persona', () => {
  it('names weekday mornings', () => {
    expect(typicalTime(week(plays([0, 1, 2, 3, 4], [7, 8, 9])))).toBe('Weekday mornings');
  });

  it('counts plays after midnight as the night before: Friday and Saturday nights', () => {
    // Friday 23:00 and Saturday 01:00 (weekday 5) are both Friday night.
    expect(typicalTime(week([...plays([4, 5], [22, 23]), ...plays([5, 6], [0, 1])]))).toBe(
      'Friday and Saturday nights',
    );
  });

  it('names the part of day alone when the plays spread over the whole week', () => {
    expect(typicalTime(week(plays([0, 1, 2, 3, 4, 5, 6], [18, 19, 20])))).toBe('Evenings');
  });

  it('names the days alone when the plays spread over the day', () => {
    expect(typicalTime(week(plays([5, 6], [9, 13, 18, 23])))).toBe('Weekends');
  });

  it('does not call an even spread over the week "weekday" (5 of 7 days is 71 % by chance)', () => {
    expect(typicalTime(week(plays([0, 1, 2, 3, 4, 5, 6], [8, 14, 19, 23])))).toBe('Any time');
  });

  it('says "Any time" for no plays at all', () => {
    expect(typicalTime(week([]))).toBe('Any time');
  });
});

describe('persona label', () => {
  const artists = new Map([
    ['Lumen Tide', 40],
    ['Clara Vennholt', 30],
  ]);

  it('joins the time and the two top genres', () => {
    const genres = new Map([
      ['Lo-Fi', 10],
      ['Ambient', 50],
      ['Classical', 30],
    ]);
    expect(personaLabel('Weekday mornings', genres, artists)).toBe(
      'Weekday mornings · Ambient, Classical',
    );
  });

  it('falls back to top artists when the files carry no genre', () => {
    expect(personaLabel('Evenings', new Map(), artists)).toBe(
      'Evenings · Lumen Tide, Clara Vennholt',
    );
  });

  it('breaks ties by name, so a label does not change between calls', () => {
    expect(
      topNames(
        new Map([
          ['b', 1],
          ['a', 1],
          ['c', 2],
        ]),
        3,
      ),
    ).toEqual(['c', 'a', 'b']);
  });
});
