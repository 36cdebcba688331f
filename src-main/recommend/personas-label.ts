/**
 * A persona's name in the listener's words, from when and what it plays (issue 5: "a label built
 * from top artists, genres, and typical hour/weekday"), e.g. "Weekday mornings · Ambient, Classical".
 * Pure rules, no database: test/unit/personas/labels.test.ts is their specification.
 */

const PARTS = [
  { name: 'mornings', from: 5, to: 12 },
  { name: 'afternoons', from: 12, to: 17 },
  { name: 'evenings', from: 17, to: 22 },
  { name: 'nights', from: 22, to: 29 }, // 22:00 to 05:00 the next day
] as const;

const DAYS_ALONE = {
  Weekday: 'Weekdays',
  'Friday and Saturday': 'Fridays and Saturdays',
  Weekend: 'Weekends',
} as const;

/** Share of plays a pattern must hold to be named (a persona is rarely 100 % anything). */
const DOMINANT = 0.7;

function partOf(hour: number): number {
  const h = hour < 5 ? hour + 24 : hour;
  return PARTS.findIndex((p) => h >= p.from && h < p.to);
}

/** Plays per hour of the week: index weekday × 24 + hour (local time; 0 = Monday). */
export const WEEK_SLOTS = 7 * 24;

/**
 * "Weekday mornings", "Friday and Saturday nights", "Weekends", "Evenings", or "Any time", from
 * the plays' hour-of-week histogram (WEEK_SLOTS counts).
 */
export function typicalTime(slots: ArrayLike<number>): string {
  let total = 0;
  const parts = new Array<number>(PARTS.length).fill(0);
  const days = new Array<number>(7).fill(0);
  for (let weekday = 0; weekday < 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const n = slots[weekday * 24 + hour]!;
      if (n === 0) continue;
      total += n;
      parts[partOf(hour)]! += n;
      // A 01:00 play on Saturday belongs to Friday night.
      days[hour < 5 ? (weekday + 6) % 7 : weekday]! += n;
    }
  }
  if (total === 0) return 'Any time';
  const top = parts.indexOf(Math.max(...parts));
  const part = parts[top]! / total >= DOMINANT ? PARTS[top]!.name : null;
  const share = (...ds: number[]) => ds.reduce((s, d) => s + days[d]!, 0) / total;
  const day =
    share(0, 1, 2, 3, 4) >= DOMINANT + 0.1 // 5 of 7 days hold 71 % of plays by chance alone
      ? 'Weekday'
      : share(4, 5) >= DOMINANT
        ? 'Friday and Saturday'
        : share(5, 6) >= DOMINANT
          ? 'Weekend'
          : null;
  if (day && part) return `${day} ${part}`;
  if (day) return DAYS_ALONE[day];
  if (part) return part[0]!.toUpperCase() + part.slice(1);
  return 'Any time';
}

/** The `n` names with the most plays, ties broken by name so labels are stable. */
export function topNames(counts: ReadonlyMap<string, number>, n: number): string[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([name]) => name);
}

/** "Weekday mornings · Ambient, Classical"; artists stand in when the files carry no genre. */
export function personaLabel(
  time: string,
  genres: ReadonlyMap<string, number>,
  artists: ReadonlyMap<string, number>,
): string {
  const what = genres.size > 0 ? topNames(genres, 2) : topNames(artists, 2);
  return what.length > 0 ? `${time} · ${what.join(', ')}` : time;
}
