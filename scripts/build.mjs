// Builds everything that runs: the Node side (esbuild, one bundle per entry, dependencies left
// external) into dist/main and the Svelte renderer (Vite) into dist/renderer.
// `--if-stale` skips the work when dist is newer than every source file.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readdirSync, statSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const rel = (...p) => path.join(root, ...p);

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const sources = ['src-main', 'src-renderer', 'models'].flatMap((d) => walk(rel(d)));
const newestSource = Math.max(
  ...sources.map((f) => statSync(f).mtimeMs),
  statSync(rel('package.json')).mtimeMs,
);
const stamp = rel('dist', 'main', 'cli.js');
if (
  process.argv.includes('--if-stale') &&
  existsSync(stamp) &&
  statSync(stamp).mtimeMs > newestSource
) {
  process.exit(0);
}

/** Lets `import sql from './001-init.sql?raw'` work in the bundle as it does under Vite/Vitest. */
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

const workers = walk(rel('src-main')).filter((f) => f.endsWith('-worker.ts'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  packages: 'external',
  plugins: [rawText],
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    format: 'esm',
    entryPoints: [rel('src-main/cli.ts'), ...workers],
    outdir: rel('dist/main'),
    entryNames: '[name]',
  }),
  existsSync(rel('src-main/app/electron-main.ts')) &&
    build({
      ...common,
      format: 'esm',
      entryPoints: [rel('src-main/app/electron-main.ts')],
      outdir: rel('dist/main'),
      entryNames: '[name]',
      external: ['electron'],
    }),
  // A sandboxed preload must be a single CommonJS file that requires only 'electron'.
  existsSync(rel('src-main/app/preload.ts')) &&
    build({
      ...common,
      packages: undefined,
      format: 'cjs',
      entryPoints: [rel('src-main/app/preload.ts')],
      outfile: rel('dist/main/preload.cjs'),
      external: ['electron'],
    }),
]);

if (existsSync(rel('src-renderer/index.html'))) {
  await viteBuild({ configFile: rel('vite.config.ts'), logLevel: 'warn' });
}
