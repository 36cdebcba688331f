/**
 * Turns raw plays (from an export file or a research TSV) into the dense sessions the next-song
 * models train on.
 */
import {
  ItemIndex,
  splitSessions,
  temporalSplit,
  type Play,
  type Session,
  type SessionSplit,
} from '../../models/nextsong/sessions';

export interface RawPlay {
  /** Seconds since the epoch. */
  time: number;
  artist: string;
  title: string;
  skipped: boolean;
}

/** The item key of a play: artist and title, case-folded, NFKC, whitespace collapsed. */
export function itemKey(artist: string, title: string): string {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return `${norm(artist)}\u0000${norm(title)}`;
}

export function sessionsFromPlays(
  raw: readonly RawPlay[],
  index = new ItemIndex(),
): { sessions: Session[]; index: ItemIndex } {
  const plays: Play[] = raw.map((p) => ({
    time: p.time,
    item: index.indexOf(itemKey(p.artist, p.title)),
    skipped: p.skipped,
  }));
  return { sessions: splitSessions(plays), index };
}

/** The evaluation protocol of issue 6: 30-minute sessions, last 20 % as test, known items only. */
export function splitHistory(raw: readonly RawPlay[]): SessionSplit & { index: ItemIndex } {
  const { sessions, index } = sessionsFromPlays(raw);
  return { ...temporalSplit(sessions, index.size), index };
}

/**
 * Reads the session-based research format: tab-separated `SessionId ItemId Time` with a header
 * line (column order taken from the header), as written by GRU4Rec's preprocessing scripts.
 * Events of a session are ordered by time, ties by file order.
 */
export function readSessionTsv(text: string, index: ItemIndex, file = 'sessions.tsv'): Session[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0)
      throw new Error(
        `${file}: the header line has no "${name}" column (want SessionId, ItemId, Time)`,
      );
    return i;
  };
  const [sid, iid, tid] = [col('SessionId'), col('ItemId'), col('Time')];
  const bySession = new Map<string, { time: number; item: number; line: number }[]>();
  for (let n = 1; n < lines.length; n++) {
    if (!lines[n]!.trim()) continue;
    const f = lines[n]!.split('\t');
    const time = Number(f[tid]);
    if (f[sid] === undefined || f[iid] === undefined || !Number.isFinite(time)) {
      throw new Error(`${file}: line ${n + 1} needs SessionId, ItemId and a numeric Time`);
    }
    let events = bySession.get(f[sid]);
    if (!events) bySession.set(f[sid], (events = []));
    events.push({ time, item: index.indexOf(f[iid].trim()), line: n });
  }
  const sessions: Session[] = [];
  for (const events of bySession.values()) {
    events.sort((a, b) => a.time - b.time || a.line - b.line);
    sessions.push({
      start: events[0]!.time,
      items: Int32Array.from(events, (e) => e.item),
      skipped: new Uint8Array(events.length),
    });
  }
  return sessions.sort((a, b) => a.start - b.start);
}
