import { EventEmitter } from 'node:events';
import { openDb, type Db } from './db/connection';
import { JobRunner } from './api/jobs';
import { failInterruptedRuns } from './db/imports';
import type { AppInfo, EngineEvent } from './api/contract';

export interface EngineOptions {
  dbPath: string;
  host: AppInfo['host'];
  demo?: boolean;
  /** Native folder picker; only the Electron host has one. */
  pickFolder?: () => Promise<string | null>;
  /** Keeps the Last.fm API key encrypted (Electron's safeStorage); absent in serve and the CLI. */
  storeLastfmKey?: (key: string) => void;
}

/**
 * Everything a host needs: the database, the job runner and the event stream. Hosts (Electron,
 * serve, CLI) create one Engine and hand it to `createHandlers`; they never touch the db directly.
 */
export class Engine {
  readonly db: Db;
  readonly jobs = new JobRunner();
  readonly profileId = 1;
  private readonly events = new EventEmitter();
  private readonly cleanups: (() => void)[] = [];

  constructor(readonly options: EngineOptions) {
    this.db = openDb(options.dbPath);
    failInterruptedRuns(this.db);
    this.cleanups.push(this.jobs.onUpdate((job) => this.emit({ type: 'job', job })));
  }

  emit(event: EngineEvent): void {
    this.events.emit('event', event);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** Registers something to undo on close (watchers, timers). */
  onClose(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  async close(): Promise<void> {
    for (const job of this.jobs.list()) if (job.state === 'running') this.jobs.cancel(job.jobId);
    await Promise.all(this.jobs.list().map((j) => this.jobs.wait(j.jobId)));
    for (const c of this.cleanups.splice(0)) c();
    this.db.close();
  }
}
