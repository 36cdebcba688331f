// `node --import tsx --import ./test/integration/cli-raw-import.mjs src-main/cli.ts …` runs the CLI
// from source. tsx does not know Vite's `?raw` suffix (the migrations import their SQL that way),
// so these hooks load `x.sql?raw` as a module whose default export is the file's text, as Vite
// and scripts/build.mjs do. Registered after tsx, they run before it (Node chains hooks LIFO).
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, next) {
  if (!specifier.endsWith('?raw')) return next(specifier, context);
  const resolved = await next(specifier.slice(0, -'?raw'.length), context);
  return { url: resolved.url + '?raw', shortCircuit: true };
}
export async function load(url, context, next) {
  if (!url.endsWith('?raw')) return next(url, context);
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8');
  return { format: 'module', source: 'export default ' + JSON.stringify(text) + ';', shortCircuit: true };
}`;

register('data:text/javascript,' + encodeURIComponent(hooks));
