/**
 * The child process of crash-train.test.ts: opens an Engine on the database given and runs the
 * app's `models.train` job through the handlers, as the Train button does, printing each progress
 * update as a JSON line so the test knows when training is under way. Exits 0 when it is done.
 *   node --import ./scripts/source-hooks.mjs test/integration/crash-train-child.ts <db>
 */
import { createHandlers } from '../../src-main/api/handlers';
import { dispatch } from '../../src-main/api/dispatch';
import { Engine } from '../../src-main/engine';

const engine = new Engine({ dbPath: process.argv[2]!, host: 'direct' });
engine.jobs.onUpdate((job) => console.log(JSON.stringify({ state: job.state, ...job.progress })));
const started = await dispatch(createHandlers(engine), 'models.train', { kind: 'als' });
if (!started.ok) throw new Error(started.error.message);
const info = await engine.jobs.wait((started.value as { jobId: string }).jobId);
await engine.close();
if (info.state !== 'done') throw new Error(`Training ended ${info.state}: ${info.error?.message}`);
console.log(JSON.stringify({ state: 'finished' }));
