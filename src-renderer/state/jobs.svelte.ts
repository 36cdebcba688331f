// Long jobs (scan, import, train) as the engine reports them: one entry per job id, replaced by
// each `job` event, so progress bars read `jobs.latest('scan')`.
import type { EncoreApi, EngineEvent } from '../../src-main/api/contract';
import type { JobInfo } from '../../src-main/api/jobs';

export class Jobs {
  all = $state.raw<JobInfo[]>([]);
  readonly running = $derived(this.all.filter((j) => j.state === 'running'));

  constructor(private readonly api: EncoreApi) {}

  /** Loads the jobs already running (e.g. a scan started from the CLI or another window). */
  async load(): Promise<void> {
    const known = await this.api['jobs.list']({});
    for (const job of known) this.update(job);
  }

  handle(event: EngineEvent): void {
    if (event.type === 'job') this.update(event.job);
  }

  update(job: JobInfo): void {
    const others = this.all.filter((j) => j.jobId !== job.jobId);
    this.all = [...others, job].sort((a, b) => a.startedAt - b.startedAt);
  }

  /** The most recently started job of a kind. */
  latest(kind: string): JobInfo | undefined {
    return this.all.findLast((j) => j.kind === kind);
  }

  async cancel(jobId: string): Promise<boolean> {
    const { cancelled } = await this.api['jobs.cancel']({ jobId });
    return cancelled;
  }
}
