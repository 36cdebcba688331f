import path from 'node:path';
import type { Command } from './command';
import { parseStrict, UsageError } from './command';
import { defaultDbPath, openEngine } from './database';
import { directClient } from './direct';
import type { ImportSummary } from '../history/import-files';

const usage = `Usage: encore import <file|folder|zip…> [--db <file>] [--profile NAME] [--json]

Imports listening history: Last.fm CSV exports, Spotify StreamingHistory*.json and extended
Streaming_History_Audio_*.json, ListenBrainz JSON / JSON lines, Encore history exports; folders and
.zip files of them. Each file is imported whole or not at all; importing again adds nothing.
  --db <file>       the library database (default: $ENCORE_DB or the desktop app's)
  --profile NAME    whose history this is (default: the main profile); created when new
  --json            print {files:[{path, format, rows, imported, duplicates, matched, unmatched, error?}]}
Exits 1 when any file failed.
`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseStrict({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        profile: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length === 0)
      throw new UsageError('Name at least one file or folder to import.');
    const engine = openEngine(values.db ?? defaultDbPath(), { host: 'direct' });
    try {
      const client = directClient(engine);
      const paths = positionals.map((p) => path.resolve(p));
      const { jobId } = await client.call('import.files', { paths, profile: values.profile });
      const stopProgress = engine.onEvent((event) => {
        if (!io.stderrIsTTY || event.type !== 'job' || event.job.jobId !== jobId) return;
        io.stderr(`\r\x1b[KImporting ${event.job.progress.message ?? ''}`.slice(0, 200));
      });
      const cancel = (): void => void engine.jobs.cancel(jobId);
      process.once('SIGINT', cancel);
      const info = await engine.jobs.wait(jobId).finally(() => {
        process.off('SIGINT', cancel);
        stopProgress();
        if (io.stderrIsTTY) io.stderr('\r\x1b[K');
      });
      if (info.state !== 'done') {
        io.stderr(
          `encore import: ${info.state === 'cancelled' ? 'cancelled' : (info.error?.message ?? 'failed')}\n`,
        );
        return 1;
      }
      const summary = info.result as ImportSummary;
      io.stdout(values.json ? JSON.stringify(summary) + '\n' : describe(summary));
      return summary.files.some((f) => f.error !== undefined) ? 1 : 0;
    } finally {
      await engine.close();
    }
  },
};
export default command;

function describe(summary: ImportSummary): string {
  const lines = summary.files.map((f) =>
    f.error
      ? `${f.path}: FAILED: ${f.error}`
      : `${f.path} (${f.format}): ${f.rows} plays, ${f.imported} imported, ${f.duplicates} duplicates, ` +
        `${f.matched} matched, ${f.unmatched} unmatched${f.dropped ? `, ${f.dropped} non-music rows skipped` : ''}`,
  );
  return lines.join('\n') + '\n';
}
