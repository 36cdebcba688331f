// For You's rules in plain TS (unit-tested in test/unit/recommend/foryou-screen.test.ts).
import type { JobInfo } from '../../../src-main/api/jobs';
import type { Because } from '../../../src-main/recommend/for-you';

/** The engine's answer before any model is trained (src-main/recommend/active-model.ts). */
export function needsTraining(error: unknown): boolean {
  return error instanceof Error && error.name === 'NoModelError';
}

/** `34 %` of a score; shares below one percent read `<1 %`. */
export function formatShare(share: number): string {
  const pct = Math.round(share * 100);
  return pct < 1 ? '<1 %' : `${pct} %`;
}

/** "because you played Vent 303, Isobar and Barometer" from the top reasons. */
export function becauseLine(because: readonly Pick<Because, 'title'>[]): string {
  const names = because.map((b) => b.title);
  if (names.length === 0) return '';
  const list =
    names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `because you played ${list}`;
}

/** "from your Evenings · Indie Rock persona" (none when the history folds into one persona). */
export function personaLine(label: string | null): string {
  return label ? `from your ${label} persona` : '';
}

/** "Deep cuts — 25 Nov 2026", "For You — 25 Nov 2026": the playlists For You's shelves save. */
export function datedPlaylistName(shelf: 'Deep cuts' | 'For You', when: Date): string {
  const date = when.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  return `${shelf} — ${date}`;
}

export interface TrainView {
  running: boolean;
  /** 0 … 1 */
  fraction: number;
  /** "Iteration 12 / 45 · tracks · loss 12.3 · ETA 4 s", or the outcome once finished. */
  line: string;
}

/**
 * "Iteration 12 / 45 · loss 12.3" when a job counts iterations; "40 % · epoch 4 of 10" when it
 * reports a fraction (total 1, as the radio's training does).
 */
function progressLine(done: number, total: number, message: string | undefined): string {
  const detail = message ? ` · ${message}` : '';
  if (total > 1) return `Iteration ${done} / ${total}${detail}`;
  if (total > 0) return `${Math.round((done / total) * 100)} %${detail}`;
  return 'Starting…';
}

/** What the Train panel shows for the latest train job (none: nothing). */
export function trainView(job: JobInfo | undefined): TrainView | null {
  if (!job) return null;
  const { done, total, message } = job.progress;
  if (job.state === 'running')
    return {
      running: true,
      fraction: total > 0 ? done / total : 0,
      line: progressLine(done, total, message),
    };
  const line =
    job.state === 'done'
      ? 'Trained.'
      : job.state === 'cancelled'
        ? 'Training was cancelled; the previous model stays in use.'
        : `Training failed: ${job.error?.message ?? 'unknown error'}`;
  return { running: false, fraction: job.state === 'done' ? 1 : 0, line };
}
