import type { Engine } from '../engine';
import type { ScanSummary } from '../library/scan';
import type { CliIo } from './command';
import type { DirectClient } from './direct';
import { count } from './format';

export type ScanOutcome =
  { ok: true; summary: ScanSummary } | { ok: false; state: 'error' | 'cancelled'; message: string };

/**
 * Registers `paths` as library folders (as `library.addFolder` does) and scans them with the
 * `library.scan` job, drawing progress on stderr when it is a terminal. Ctrl-C cancels the job.
 */
export async function addAndScan(
  engine: Engine,
  client: DirectClient,
  paths: string[],
  io: CliIo,
): Promise<ScanOutcome> {
  const folderIds: number[] = [];
  for (const p of paths) folderIds.push((await client.call('library.addFolder', { path: p })).id);
  const { jobId } = await client.call('library.scan', { folderIds });
  const stopProgress = engine.onEvent((event) => {
    if (!io.stderrIsTTY || event.type !== 'job' || event.job.jobId !== jobId) return;
    const { done, total, current } = event.job.progress;
    io.stderr(`\r\x1b[KScanning ${done}/${total} ${current ?? ''}`.slice(0, 200));
  });
  const cancel = (): void => void engine.jobs.cancel(jobId);
  process.once('SIGINT', cancel);
  try {
    const info = await engine.jobs.wait(jobId);
    if (io.stderrIsTTY) io.stderr('\r\x1b[K');
    if (info.state === 'done') return { ok: true, summary: info.result as ScanSummary };
    return {
      ok: false,
      state: info.state === 'cancelled' ? 'cancelled' : 'error',
      message: info.error?.message ?? 'The scan stopped.',
    };
  } finally {
    process.off('SIGINT', cancel);
    stopProgress();
  }
}

export function describeSummary(s: ScanSummary): string {
  const lines = [
    `Scanned ${count(s.files, 'file')}: ${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ` +
      `${s.removed} removed, ${count(s.errors.length, 'error')}.`,
    ...s.errors.map((e) => `  ${e.path}: ${e.message}`),
  ];
  return lines.join('\n') + '\n';
}
