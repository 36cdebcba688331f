import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlSubset } from './yaml-subset';
import { fileFilter, packageOf, packagedFiles, type BuilderConfig } from './package-files';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
};
const config = parseYamlSubset(
  readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'),
) as unknown as BuilderConfig & Record<string, Record<string, unknown>>;

let files: string[] = [];
beforeAll(() => {
  // The file list is only meaningful with the bundles present; `npm test` builds first.
  if (!existsSync(path.join(root, 'dist/main/electron-main.js')))
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  files = packagedFiles(root, config);
}, 120_000);

describe('electron-builder.yml', () => {
  it('names the app and builds AppImage and deb, dmg, and nsis', () => {
    expect(config.appId).toBe('app.encore.desktop');
    expect(config.productName).toBe('Encore');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('rebuilds better-sqlite3 for Electron and unpacks its .node file from the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(true);
    const unpacked = fileFilter(config.asarUnpack ?? []);
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('dist/main/electron-main.js')).toBe(false);
  });

  it('keeps tfjs-node optional: the models run on the pure-JS @tensorflow/tfjs without it', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('@tensorflow/tfjs-node');
    expect(pkg.optionalDependencies['@tensorflow/tfjs-node']).toBeDefined();
    expect(pkg.dependencies['@tensorflow/tfjs']).toBeDefined();
    // Packaged only where its install could fetch libtensorflow (here it cannot).
    const installed = existsSync(path.join(root, 'node_modules/@tensorflow/tfjs-node'));
    expect(files.some((f) => f.includes('tfjs-node'))).toBe(installed);
  });
});

describe('what goes into the package', () => {
  it('holds package.json, its main, the preload, every bundle and worker, and the renderer', () => {
    const bundles = readdirSync(path.join(root, 'dist/main'))
      .filter((f) => f.endsWith('.js') || f.endsWith('.cjs'))
      .map((f) => `dist/main/${f}`);
    expect(bundles).toContain('dist/main/preload.cjs');
    expect(bundles.filter((f) => f.endsWith('-worker.js')).length).toBeGreaterThan(0);
    expect(files).toEqual(expect.arrayContaining(['package.json', pkg.main, ...bundles]));
    expect(files).toContain('dist/renderer/index.html');
  });

  it('holds the demo library, with its history, as real files beside the asar', () => {
    const demo = files.filter((f) => f.startsWith('<resources>/resources/demo/'));
    expect(demo).toContain('<resources>/resources/demo/history.json');
    expect(demo.filter((f) => /\.(mp3|flac|ogg|m4a|opus|wav)$/.test(f)).length).toBeGreaterThan(5);
  });

  it('is laid out so appRoot() finds the demo and the renderer sits beside the main bundle', () => {
    // Installed: <resources>/app.asar/… holds `files`, <resources>/resources/demo the extras.
    const installed = files.map((f) =>
      f.startsWith('<resources>/') ? f : `<resources>/app.asar/${f}`,
    );
    const holdsFolder = (dir: string): boolean => installed.some((f) => f.startsWith(`${dir}/`));
    const mainDir = `<resources>/app.asar/${path.posix.dirname(pkg.main)}`;
    // src-main/paths.ts appRoot(): the nearest folder above the bundle holding resources/demo.
    let dir = mainDir;
    while (dir !== '.' && !holdsFolder(`${dir}/resources/demo`)) dir = path.posix.dirname(dir);
    expect(dir).toBe('<resources>');
    // src-main/app/electron-main.ts: the renderer is <main bundle's folder>/../renderer.
    expect(installed).toContain(path.posix.join(mainDir, '..', 'renderer', 'index.html'));
  });

  it('holds no tests, no TypeScript sources, no source maps and no project folders', () => {
    expect(files.filter((f) => /(^|\/)test\//.test(f) && !f.includes('node_modules/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const projectFolders = /^(src-main|src-renderer|models|scripts|bench|test|docs|types)\//;
    expect(files.filter((f) => projectFolders.test(f))).toEqual([]);
  });

  it('holds no development dependency, only production ones such as better-sqlite3', () => {
    const packages = new Set(files.map(packageOf).filter((p) => p !== null));
    for (const dev of Object.keys(pkg.devDependencies)) expect(packages, dev).not.toContain(dev);
    for (const prod of ['better-sqlite3', 'music-metadata', 'zod', 'fflate'])
      expect(packages).toContain(prod);
    expect(files).toContain('node_modules/better-sqlite3/lib/index.js');
    expect(files.some((f) => f.startsWith('node_modules/better-sqlite3/deps/'))).toBe(false);
  });

  it('holds every package the bundles import at run time (they leave dependencies external)', () => {
    const packages = new Set(files.map(packageOf).filter((p) => p !== null));
    const builtins = new Set([...builtinModules, 'electron']);
    const imported = new Set<string>();
    for (const bundle of files.filter((f) => /^dist\/main\/[^/]+\.c?js$/.test(f))) {
      const text = readFileSync(path.join(root, bundle), 'utf8');
      const specifiers = [
        ...text.matchAll(/^(?:import|export)\s[^;]*?from\s*["']([^"']+)["']/gm),
        ...text.matchAll(/^import\s*["']([^"']+)["']/gm),
        ...text.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1]!.replace(/^node:/, ''));
      for (const spec of specifiers.filter((s) => /^[@a-z][\w@/.-]*$/.test(s))) {
        const parts = spec.split('/');
        const name = spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
        if (!builtins.has(name)) imported.add(name);
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    for (const name of imported) expect(packages, name).toContain(name);
  });
});

describe('npm run dist', () => {
  it('says what is missing, and exits 1, where electron-builder or Electron cannot be had', () => {
    const run = spawnSync(process.execPath, ['scripts/dist.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    // Here neither is installed; on a machine that has both, --check reports it is ready.
    if (run.status === 0) expect(run.stdout).toMatch(/ready to build installers/);
    else {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /electron-builder is not installed[^]*npm install -D electron-builder|Electron binary is not installed/,
      );
    }
  });
});
