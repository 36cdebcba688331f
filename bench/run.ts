/**
 * `npm run bench [-- name…]`: runs bench/<name>.ts for each name given, or every bench when none
 * is, and prints one JSON object per bench. A bench module exports `run(): Promise<Record<string, unknown>>`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !all.includes(n));
if (unknown.length) {
  console.error(`Unknown bench ${unknown.join(', ')}; available: ${all.join(', ')}.`);
  process.exit(2);
}

for (const name of names.length ? names : all) {
  const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as {
    run?: () => Promise<Record<string, unknown>>;
  };
  if (typeof mod.run !== 'function') {
    if (names.length) throw new Error(`bench/${name}.ts does not export run().`);
    continue; // a helper module beside the benches
  }
  const started = Date.now();
  const result = await mod.run();
  console.log(
    JSON.stringify({ bench: name, ...result, benchSeconds: (Date.now() - started) / 1000 }),
  );
}
