// The Import screen's state: starting file and Last.fm imports, the earlier runs, and the artists
// most played that match no file. Job progress itself lives in the shared Jobs state.
import type { EncoreApi } from '../../../src-main/api/contract';
import type { JobInfo } from '../../../src-main/api/jobs';
import type { TopArtist } from '../../../src-main/db/history-stats';
import type { ImportRun } from '../../../src-main/db/imports';
import type { Jobs } from '../../state/jobs.svelte';

/** Job kinds the engine gives imports (src-main/history/handlers.ts). */
export const IMPORT_KINDS: readonly string[] = ['import', 'import-lastfm'];
const RUNS_SHOWN = 20;
const UNMATCHED_SHOWN = 15;

export class Imports {
  runs = $state.raw<ImportRun[]>([]);
  unmatched = $state.raw<TopArtist[]>([]);
  /** Why the last start or load failed (no API key, a path the engine refused…). */
  problem = $state<string | null>(null);
  starting = $state(false);
  /** The Electron app keeps the Last.fm key encrypted; serve reads LASTFM_API_KEY only. */
  canStoreKey = $state(false);
  keySaved = $state(false);

  constructor(
    private readonly api: EncoreApi,
    private readonly jobs: Jobs,
  ) {}

  /** The newest import job, files or Last.fm, whether started here or elsewhere. */
  get job(): JobInfo | undefined {
    return this.jobs.all.findLast((j) => IMPORT_KINDS.includes(j.kind));
  }

  async load(): Promise<void> {
    try {
      let info;
      [this.runs, this.unmatched, info] = await Promise.all([
        this.api['import.runs']({ limit: RUNS_SHOWN }),
        this.api['stats.unmatchedArtists']({ limit: UNMATCHED_SHOWN }),
        this.api['app.info']({}),
      ]);
      this.canStoreKey = info.canStoreSecrets;
    } catch (e) {
      this.problem = (e as Error).message;
    }
  }

  importFiles(paths: string[]): Promise<void> {
    return this.start(() => this.api['import.files']({ paths }));
  }

  importLastfm(user: string): Promise<void> {
    return this.start(() => this.api['import.lastfm']({ user }));
  }

  async saveLastfmKey(key: string): Promise<void> {
    this.problem = null;
    try {
      await this.api['lastfm.setKey']({ key });
      this.keySaved = true;
    } catch (e) {
      this.problem = (e as Error).message;
    }
  }

  cancel(): void {
    if (this.job?.state === 'running') void this.jobs.cancel(this.job.jobId);
  }

  private async start(begin: () => Promise<{ jobId: string }>): Promise<void> {
    this.starting = true;
    this.problem = null;
    try {
      await begin();
    } catch (e) {
      this.problem = (e as Error).message;
    } finally {
      this.starting = false;
    }
  }
}
