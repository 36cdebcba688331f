/**
 * Timestamps → UTC epoch seconds. Every format's clock is stated here, once: Last.fm exports and
 * Spotify's `endTime` are UTC without a zone marker; ISO strings must carry Z or an offset, because a
 * local time without a zone cannot be converted honestly.
 */
const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Last.fm export dates: "24 Jan 2023, 09:42" or "24 Jan 2023 09:42" (UTC). */
export function parseLastfmDate(text: string): number | null {
  const m = /^\s*(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(
    text,
  );
  if (!m) return null;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return null;
  return utc(+m[3]!, month, +m[1]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0);
}

/** Spotify account-data `endTime`: "2019-03-02 13:50" (UTC). */
export function parseSpotifyEndTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  return utc(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0);
}

/** ISO-8601 with Z or ±hh:mm; null for anything else, including zone-less local times. */
export function parseIsoUtc(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(text))
    return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/** Epoch seconds as a number or a digit string (Last.fm `uts`, ListenBrainz `listened_at`). */
export function parseEpoch(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,11}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 1e11 ? n : null;
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo, d, h, mi, s);
  // Date.UTC rolls 31 Feb over into March; a real export never says 31 Feb.
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms / 1000;
}
