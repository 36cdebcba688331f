// `npm start`: checks that Electron's binary is installed, builds the app if stale, makes sure a
// better-sqlite3 built for THIS Electron's ABI exists in .electron-native/<version>/ (never
// touching node_modules/better-sqlite3/build, the Node build the tests use), then starts Electron
// with ENCORE_SQLITE_BINDING pointing at it. The decisions live in src-main/app/electron-native.ts
// (unit-tested); this file only runs them.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const native = await tsImport('../src-main/app/electron-native.ts', import.meta.url);
const require = createRequire(path.join(root, 'package.json'));
const electronDir = path.dirname(require.resolve('electron/package.json'));
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));

function run(command, args, options) {
  console.log(`> ${[command, ...args].join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', ...options }).status === 0;
}

/** Builds better-sqlite3 for Electron in a temporary copy and moves the .node file into place. */
function buildBinding(electronVersion, sqliteVersion) {
  const target = native.nativeBindingPath(root, electronVersion);
  const temp = mkdtempSync(path.join(os.tmpdir(), 'encore-sqlite-'));
  const copy = path.join(temp, 'better-sqlite3');
  try {
    cpSync(sqliteDir, copy, {
      recursive: true,
      filter: (src) => native.copiesIntoBuild(sqliteDir, src),
    });
    const { arch, platform } = process;
    let prebuild = null;
    try {
      prebuild = createRequire(path.join(sqliteDir, 'package.json')).resolve(
        'prebuild-install/bin.js',
      );
    } catch {
      // not installed: compile instead
    }
    const built =
      (prebuild !== null &&
        run(
          process.execPath,
          [prebuild, ...native.prebuildInstallArgs(electronVersion, arch, platform)],
          {
            cwd: copy,
          },
        )) ||
      run(
        process.execPath,
        [
          native.nodeGypScript(process.env, process.execPath),
          ...native.nodeGypArgs(electronVersion, arch),
        ],
        {
          cwd: copy,
        },
      );
    if (!built || !existsSync(native.builtBinding(copy))) {
      throw new Error(
        `Could not build better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}: neither a prebuilt ` +
          'download nor node-gyp (needs Python 3, make and a C++ compiler, and electronjs.org) succeeded.',
      );
    }
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(native.builtBinding(copy), target);
    writeFileSync(
      path.join(path.dirname(target), native.SOURCE_VERSION_FILE),
      sqliteVersion + '\n',
    );
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return target;
}

const binary = native.electronBinary(electronDir, process.env);
if (binary === null) {
  console.error(native.missingElectronMessage(electronDir));
  process.exit(1);
}

if (
  !run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-stale'], { cwd: root })
) {
  process.exit(1);
}

const electronVersion = native.packageVersion(electronDir);
const sqliteVersion = native.packageVersion(sqliteDir);
const binding = native.nativeBindingIsCurrent(root, electronVersion, sqliteVersion)
  ? native.nativeBindingPath(root, electronVersion)
  : buildBinding(electronVersion, sqliteVersion);

const child = spawn(binary, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: native.electronEnv(process.env, binding),
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
