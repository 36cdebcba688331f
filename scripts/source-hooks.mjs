// Runs Encore's TypeScript sources directly in Node: `node --import ./scripts/source-hooks.mjs file.ts`.
// Registers tsx, then hooks that load `x.sql?raw` as a module whose default export is the file's
// text (the migrations import their SQL that way, as Vite and scripts/build.mjs understand).
// Registered after tsx, the raw hooks run first (Node chains hooks last-in, first-out).
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();

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
