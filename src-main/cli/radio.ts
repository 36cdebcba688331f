import type { RadioPick } from '../recommend/radio-engine';
import type { TrackRow } from '../db/tracks';
import { normalizeArtist } from '../history/normalize';
import { parseStrict, UsageError, type Command } from './command';
import { defaultDbPath, openEngine } from './database';
import { directClient, type DirectClient } from './direct';

const usage = `Usage: encore radio [--db <file>] [--seed <trackId | "artist - title">…] [--n 20]
                   [--persona P] [--json]

What the radio would queue after the seed tracks (a session, oldest first), each with its reason.
  --db <file>      the library database (default: $ENCORE_DB or the desktop app's)
  --seed <track>   a track id or "artist - title"; repeat for a longer session; none: start fresh
  --n <count>      how many tracks to queue, 1 to 100 (default 20)
  --persona <P>    keep to one persona (its number in the Personas screen, from 0; needs a
                   trained For You model)
  --json           print the picks as JSON: [{track, score, reason}]
`;

function wholeNumber(name: string, text: string | undefined, min: number, max: number) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  return n;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A seed as typed: a library track id, or "artist - title" matched without regard to case (the
 * artist as the history importers normalise it). Titles may hold " - " themselves, so every
 * split is tried, the artist's part first.
 */
export async function resolveSeed(client: DirectClient, seed: string): Promise<TrackRow> {
  if (/^\d+$/.test(seed)) {
    const found = await client.call('library.track', { id: Number(seed) });
    if (!found) throw new Error(`There is no track ${seed} in this library.`);
    return found;
  }
  const parts = seed.split(' - ');
  for (let i = 1; i < parts.length; i++) {
    const artist = normalizeArtist(parts.slice(0, i).join(' - '));
    const title = parts.slice(i).join(' - ');
    if (title.trim().length < 3) continue;
    const { rows } = await client.call('library.tracks', { query: title.trim(), limit: 1000 });
    const hit = rows.find((t) => same(t.title, title) && normalizeArtist(t.artist) === artist);
    if (hit) return hit;
  }
  throw new Error(
    `No track in this library is "${seed}": give a track id or "artist - title" exactly.`,
  );
}

export function describePicks(picks: readonly RadioPick[]): string {
  if (picks.length === 0) return 'The radio found nothing to play.\n';
  const width = String(picks.length).length;
  return picks
    .map(
      (p, i) =>
        `${String(i + 1).padStart(width)}. ${p.track.artist} - ${p.track.title}  (${p.reason})`,
    )
    .join('\n')
    .concat('\n');
}

const command: Command = {
  usage,
  async run(argv, io) {
    const { values } = parseStrict({
      args: argv,
      options: {
        db: { type: 'string' },
        seed: { type: 'string', multiple: true },
        n: { type: 'string' },
        persona: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const n = wholeNumber('n', values.n, 1, 100) ?? 20;
    const persona = wholeNumber('persona', values.persona, 0, 7);
    const engine = openEngine(values.db ?? defaultDbPath(), { host: 'direct' });
    try {
      const client = directClient(engine);
      const history: number[] = [];
      for (const seed of values.seed ?? []) history.push((await resolveSeed(client, seed)).id);
      const picks = await client.call('radio.next', {
        history,
        n,
        ...(persona === undefined ? {} : { persona }),
      });
      io.stdout(values.json ? JSON.stringify(picks) + '\n' : describePicks(picks));
      return 0;
    } finally {
      await engine.close();
    }
  },
};
export default command;
