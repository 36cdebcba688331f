import type { Command } from './command';
import { parseStrict } from './command';
import { defaultDbPath, openEngine } from './database';
import { directClient } from './direct';
import { count, formatBytes, formatDuration } from './format';
import type { LibraryStats } from '../db/tracks';

const usage = `Usage: encore stats [--db <file>] [--json]

What the library holds: tracks, artists, albums, formats, and how many plays are recorded.
  --db <file>   the library database (default: $ENCORE_DB or the desktop app's)
  --json        print the figures as JSON
`;

export function describeStats(s: LibraryStats): string {
  const formats = Object.entries(s.formats)
    .map(([codec, n]) => `${codec} ${n}`)
    .join(', ');
  return (
    [
      `${count(s.tracks, 'track')} (${formatDuration(s.durationMs)}, ${formatBytes(s.sizeBytes)}) in ${count(s.folders, 'folder')}`,
      `${count(s.artists, 'artist')}, ${count(s.albums, 'album')}`,
      `formats: ${formats || 'none'}`,
      `${count(s.plays, 'play')}, ${s.matchedPlays} of them matched to a file in the library`,
      ...(s.missing > 0 ? [`${count(s.missing, 'track')} missing from disk`] : []),
      ...(s.errors > 0
        ? [`${count(s.errors, 'file')} could not be read (see \`encore scan\`)`]
        : []),
    ].join('\n') + '\n'
  );
}

const command: Command = {
  usage,
  async run(argv, io) {
    const { values } = parseStrict({
      args: argv,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const engine = openEngine(values.db ?? defaultDbPath(), { host: 'direct' });
    try {
      const stats = await directClient(engine).call('library.stats', {});
      io.stdout(values.json ? JSON.stringify(stats) + '\n' : describeStats(stats));
      return 0;
    } finally {
      await engine.close();
    }
  },
};
export default command;
