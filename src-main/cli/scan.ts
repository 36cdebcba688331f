import type { Command } from './command';
import { parseStrict, UsageError } from './command';
import { defaultDbPath, openEngine } from './database';
import { directClient } from './direct';
import { addAndScan, describeSummary } from './scan-folders';

const usage = `Usage: encore scan <folder…> [--db <file>] [--json]

Adds the folders to the library and scans them: new, changed and removed files.
  --db <file>   the library database (default: $ENCORE_DB or the desktop app's)
  --json        print the summary as JSON: {files, added, updated, unchanged, removed, errors}
`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseStrict({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length === 0) throw new UsageError('Name at least one folder to scan.');
    const engine = openEngine(values.db ?? defaultDbPath(), { host: 'direct' });
    try {
      const outcome = await addAndScan(engine, directClient(engine), positionals, io);
      if (!outcome.ok) {
        io.stderr(
          `encore scan: ${outcome.state === 'cancelled' ? 'cancelled' : outcome.message}\n`,
        );
        return 1;
      }
      io.stdout(
        values.json ? JSON.stringify(outcome.summary) + '\n' : describeSummary(outcome.summary),
      );
      return 0;
    } finally {
      await engine.close();
    }
  },
};
export default command;
