import { Worker, type WorkerOptions } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Starts a worker thread from its TypeScript source when running from source (tests, tsx),
 * or from the bundle beside this module when running from `dist/main` (CLI, serve, Electron).
 * Every file named `*-worker.ts` under src-main is a bundle entry (scripts/build.mjs).
 *
 * Node 20 does not apply `--import` hooks to a worker's entry module, so from source the worker
 * starts as a bootstrap that registers scripts/source-hooks.mjs (tsx and `?raw` imports) first and
 * then imports the source.
 */
export function spawnWorker(sourceUrl: URL, options: WorkerOptions = {}): Worker {
  const sourcePath = fileURLToPath(sourceUrl);
  if (sourcePath.endsWith('.ts') && existsSync(sourcePath)) {
    const hooks = pathToFileURL(
      path.join(repoRootFrom(sourcePath), 'scripts', 'source-hooks.mjs'),
    ).href;
    const bootstrap =
      `import(${JSON.stringify(hooks)})` +
      `.then(() => import(${JSON.stringify(sourceUrl.href)}))` +
      `.catch((e) => { setImmediate(() => { throw e; }); });`;
    return new Worker(bootstrap, { ...options, eval: true });
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, path.basename(sourcePath).replace(/\.ts$/, '.js'));
  return new Worker(pathToFileURL(bundled), options);
}

function repoRootFrom(file: string): string {
  let dir = path.dirname(file);
  while (!existsSync(path.join(dir, 'scripts', 'source-hooks.mjs'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No scripts/source-hooks.mjs above ${file}.`);
    dir = parent;
  }
  return dir;
}
