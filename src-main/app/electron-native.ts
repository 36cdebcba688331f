/**
 * The pure parts of `npm start` (scripts/start-electron.mjs): where Electron's binary and the
 * Electron build of better-sqlite3 live, and the command lines that produce that build. The
 * build happens in a temporary copy of the package so node_modules/better-sqlite3/build keeps
 * the Node build that the tests and the CLI load: one native module cannot serve both ABIs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const NATIVE_DIR = '.electron-native';
export const BINDING_FILE = 'better_sqlite3.node';
/** Beside the binding: the better-sqlite3 version it was built from, so an upgrade rebuilds it. */
export const SOURCE_VERSION_FILE = 'better-sqlite3.version';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

export function packageVersion(packageDir: string): string {
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof version !== 'string') throw new Error(`${packageDir}/package.json has no "version".`);
  return version;
}

/**
 * The Electron executable the `electron` package downloaded, or null when it never did (as with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1). Read from path.txt directly: `require('electron')` would try
 * to download the binary itself when it is missing.
 */
export function electronBinary(electronDir: string, env: NodeJS.ProcessEnv = {}): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist');
  const binary = path.join(distDir, relative);
  return relative !== '' && existsSync(binary) ? binary : null;
}

export function missingElectronMessage(electronDir: string): string {
  return [
    `Encore: the Electron binary is not installed (nothing usable in ${path.join(electronDir, 'path.txt')}).`,
    'It is skipped when npm install runs with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or where',
    'github.com cannot be reached. On a machine that can download it, run:',
    '',
    '    npm install        (without ELECTRON_SKIP_BINARY_DOWNLOAD)',
    '',
    'then `npm start` again. Without Electron, `npm run serve` shows the same app in a browser.',
  ].join('\n');
}

export function nativeBindingDir(root: string, electronVersion: string): string {
  return path.join(root, NATIVE_DIR, electronVersion);
}

export function nativeBindingPath(root: string, electronVersion: string): string {
  return path.join(nativeBindingDir(root, electronVersion), BINDING_FILE);
}

/** True when the binding exists and was built from this better-sqlite3 version. */
export function nativeBindingIsCurrent(
  root: string,
  electronVersion: string,
  sqliteVersion: string,
): boolean {
  const dir = nativeBindingDir(root, electronVersion);
  const stamp = path.join(dir, SOURCE_VERSION_FILE);
  return (
    existsSync(path.join(dir, BINDING_FILE)) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === sqliteVersion
  );
}

/** Arguments for better-sqlite3's own prebuilt downloader (fast path: no compiler needed). */
export function prebuildInstallArgs(
  electronVersion: string,
  arch: string,
  platform: string,
): string[] {
  return [
    '--runtime',
    'electron',
    '--target',
    electronVersion,
    '--arch',
    arch,
    '--platform',
    platform,
  ];
}

/** Arguments for compiling from source against Electron's headers (fallback path). */
export function nodeGypArgs(electronVersion: string, arch: string): string[] {
  return [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
  ];
}

/**
 * node-gyp's script: npm tells its scripts where its own copy is (npm_config_node_gyp); else the
 * copy bundled with npm beside this Node (…/lib/node_modules/npm/node_modules/node-gyp).
 */
export function nodeGypScript(env: NodeJS.ProcessEnv, nodeExecPath: string): string {
  return (
    env.npm_config_node_gyp ??
    path.join(
      path.dirname(nodeExecPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    )
  );
}

/** What to copy of the better-sqlite3 package: its sources, not its Node build or its deps. */
export function copiesIntoBuild(packageDir: string, source: string): boolean {
  const relative = path.relative(packageDir, source);
  const top = relative.split(path.sep)[0];
  return top !== 'build' && top !== 'node_modules' && top !== 'prebuilds';
}

/** Where both build paths leave the compiled module inside the package copy. */
export const builtBinding = (packageCopy: string): string =>
  path.join(packageCopy, 'build', 'Release', BINDING_FILE);

/**
 * Electron's environment: the binding path for openDb, and never ELECTRON_RUN_AS_NODE, which
 * would turn the Electron binary into a plain Node and ignore the app.
 */
export function electronEnv(env: NodeJS.ProcessEnv, bindingPath: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ENCORE_SQLITE_BINDING: bindingPath };
  delete out.ELECTRON_RUN_AS_NODE;
  return out;
}
