// `npm run dist` (after `node scripts/build.mjs`): installers with electron-builder, configured by
// electron-builder.yml. electron-builder is not a devDependency (installing it downloads
// binaries), and it needs the Electron binary; where either is missing this says so and exits 1.
// `--check` stops after those checks. Other arguments go to electron-builder (e.g. `--linux deb`).
//
// electron-builder rebuilds node_modules/better-sqlite3 for Electron in place (npmRebuild); the
// tests and the CLI need the Node build, so it is rebuilt for Node afterwards.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(root, 'package.json'));
const native = await tsImport('../src-main/app/electron-native.ts', import.meta.url);
const args = process.argv.slice(2);
const checkOnly = args.includes('--check');

function fail(lines) {
  console.error(lines.join('\n'));
  process.exit(1);
}

let builderCli;
try {
  builderCli = require.resolve('electron-builder/cli.js');
} catch {
  fail([
    'Encore: electron-builder is not installed, so no installer can be built here.',
    'It is not a devDependency because installing it downloads binaries. On a machine that can',
    'download Electron and its build tools, run:',
    '',
    '    npm install -D electron-builder',
    '    npm run dist',
    '',
    'electron-builder.yml is still checked by test/unit/packaging/ on every `npm test`.',
  ]);
}

const electronDir = path.dirname(require.resolve('electron/package.json'));
if (native.electronBinary(electronDir, process.env) === null)
  fail([native.missingElectronMessage(electronDir)]);

if (checkOnly) {
  console.log('Encore: electron-builder and Electron are installed; ready to build installers.');
  process.exit(0);
}

const built = spawnSync(
  process.execPath,
  [builderCli, '--config', 'electron-builder.yml', '--publish', 'never', ...args],
  { cwd: root, stdio: 'inherit' },
);
console.log(
  'Encore: rebuilding better-sqlite3 for Node (electron-builder left the Electron build).',
);
const restored = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' });
if (restored.status !== 0)
  console.error('Encore: `npm rebuild better-sqlite3` failed; run it before `npm test`.');
process.exit(built.status ?? 1);
