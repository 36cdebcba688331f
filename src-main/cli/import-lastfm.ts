import type { Command } from './command';
import { parseStrict, UsageError } from './command';
import { defaultDbPath, openEngine } from './database';
import { profileIdByName } from '../db/imports';
import { lastfmApiKey } from '../history/lastfm-key';
import { importLastfm, type LastfmImportResult } from '../history/lastfm-import';

const usage = `Usage: encore import-lastfm --user NAME [--db <file>] [--profile NAME] [--api-root URL] [--json]

Imports a Last.fm user's scrobbles through the API (key: $LASTFM_API_KEY; the desktop app's
encrypted stored key is not readable here).
Incremental: only scrobbles newer than the last import are fetched. An interrupted import resumes
where it stopped.
  --user NAME       the Last.fm user name
  --db <file>       the library database (default: $ENCORE_DB or the desktop app's)
  --profile NAME    whose history this is (default: the main profile)
  --api-root URL    another API server (e.g. a local replay for tests)
  --json            print the counts as JSON
`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values } = parseStrict({
      args: argv,
      options: {
        user: { type: 'string' },
        db: { type: 'string' },
        profile: { type: 'string' },
        'api-root': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (!values.user) throw new UsageError('--user is required.');
    const user = values.user;
    const engine = openEngine(values.db ?? defaultDbPath(), { host: 'direct' });
    try {
      // Only the environment here: the stored key is encrypted with the desktop app's keychain.
      const apiKey = lastfmApiKey(engine.db);
      if (!apiKey) {
        io.stderr(
          'encore import-lastfm: no API key; set the LASTFM_API_KEY environment variable.\n',
        );
        return 1;
      }
      const profileId = values.profile
        ? profileIdByName(engine.db, values.profile)
        : engine.profileId;
      // Run through the engine's job runner so Ctrl-C cancels like the app's Cancel button.
      const { jobId, promise } = engine.jobs.start('import-lastfm', (ctx) =>
        importLastfm(engine.db, {
          user,
          apiKey,
          apiRoot: values['api-root'],
          profileId,
          signal: ctx.signal,
          onProgress: (p) => {
            if (io.stderrIsTTY)
              io.stderr(`\r\x1b[KPage ${p.page}/${p.totalPages}, ${p.rows} scrobbles`);
          },
        }),
      );
      const cancel = (): void => void engine.jobs.cancel(jobId);
      process.once('SIGINT', cancel);
      let result: LastfmImportResult;
      try {
        result = await promise;
      } finally {
        process.off('SIGINT', cancel);
        if (io.stderrIsTTY) io.stderr('\r\x1b[K');
      }
      io.stdout(
        values.json
          ? JSON.stringify(result) + '\n'
          : `${user}: ${result.rows} scrobbles, ${result.imported} imported, ${result.duplicates} duplicates, ` +
              `${result.matched} matched, ${result.unmatched} unmatched${result.resumed ? ' (resumed)' : ''}\n`,
      );
      return 0;
    } finally {
      await engine.close();
    }
  },
};
export default command;
