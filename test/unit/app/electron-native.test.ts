import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  builtBinding,
  copiesIntoBuild,
  electronBinary,
  electronEnv,
  missingElectronMessage,
  nativeBindingIsCurrent,
  nativeBindingPath,
  nodeGypArgs,
  nodeGypScript,
  packageVersion,
  prebuildInstallArgs,
} from '../../../src-main/app/electron-native';
import { openDb, schemaVersion } from '../../../src-main/db/connection';

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(path.join(os.tmpdir(), 'encore-native-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

describe('electronBinary', () => {
  it('is null when the electron package never downloaded its binary (no path.txt)', () => {
    expect(electronBinary(temp)).toBeNull();
  });

  it('is null when path.txt names a file that is not there', () => {
    writeFileSync(path.join(temp, 'path.txt'), 'electron');
    expect(electronBinary(temp)).toBeNull();
  });

  it('is dist/<path.txt> when the binary is there, or under ELECTRON_OVERRIDE_DIST_PATH', () => {
    writeFileSync(path.join(temp, 'path.txt'), 'electron');
    mkdirSync(path.join(temp, 'dist'));
    writeFileSync(path.join(temp, 'dist', 'electron'), '');
    expect(electronBinary(temp)).toBe(path.join(temp, 'dist', 'electron'));
    mkdirSync(path.join(temp, 'custom'));
    writeFileSync(path.join(temp, 'custom', 'electron'), '');
    const env = { ELECTRON_OVERRIDE_DIST_PATH: path.join(temp, 'custom') };
    expect(electronBinary(temp, env)).toBe(path.join(temp, 'custom', 'electron'));
  });

  it('explains how to get the binary when it is missing', () => {
    const message = missingElectronMessage('/repo/node_modules/electron');
    expect(message).toContain('npm install');
    expect(message).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(message).toContain('npm run serve');
  });
});

describe('the Electron build of better-sqlite3', () => {
  it('lives in .electron-native/<electron version>/, outside node_modules', () => {
    expect(nativeBindingPath('/repo', '45.4.1')).toBe(
      path.join('/repo', '.electron-native', '45.4.1', 'better_sqlite3.node'),
    );
  });

  it('counts as current only when built from the installed better-sqlite3 version', () => {
    expect(nativeBindingIsCurrent(temp, '45.4.1', '12.11.1')).toBe(false);
    const dir = path.dirname(nativeBindingPath(temp, '45.4.1'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'better_sqlite3.node'), '');
    expect(nativeBindingIsCurrent(temp, '45.4.1', '12.11.1')).toBe(false);
    writeFileSync(path.join(dir, 'better-sqlite3.version'), '12.11.1\n');
    expect(nativeBindingIsCurrent(temp, '45.4.1', '12.11.1')).toBe(true);
    expect(nativeBindingIsCurrent(temp, '45.4.1', '12.12.0')).toBe(false);
    expect(nativeBindingIsCurrent(temp, '46.0.0', '12.11.1')).toBe(false);
  });

  it('copies the package sources into the build, not its Node build or dependencies', () => {
    const pkg = '/repo/node_modules/better-sqlite3';
    expect(copiesIntoBuild(pkg, pkg)).toBe(true);
    expect(copiesIntoBuild(pkg, path.join(pkg, 'src', 'better_sqlite3.cpp'))).toBe(true);
    expect(copiesIntoBuild(pkg, path.join(pkg, 'deps', 'sqlite3', 'sqlite3.c'))).toBe(true);
    expect(copiesIntoBuild(pkg, path.join(pkg, 'build'))).toBe(false);
    expect(copiesIntoBuild(pkg, path.join(pkg, 'build', 'Release', 'better_sqlite3.node'))).toBe(
      false,
    );
    expect(copiesIntoBuild(pkg, path.join(pkg, 'node_modules', 'x'))).toBe(false);
    expect(builtBinding('/tmp/copy')).toBe(
      path.join('/tmp/copy', 'build', 'Release', 'better_sqlite3.node'),
    );
  });

  it('asks prebuild-install and node-gyp for Electron’s runtime, version and headers', () => {
    expect(prebuildInstallArgs('45.4.1', 'x64', 'linux')).toEqual([
      '--runtime',
      'electron',
      '--target',
      '45.4.1',
      '--arch',
      'x64',
      '--platform',
      'linux',
    ]);
    expect(nodeGypArgs('45.4.1', 'arm64')).toEqual([
      'rebuild',
      '--release',
      '--runtime=electron',
      '--target=45.4.1',
      '--arch=arm64',
      '--dist-url=https://electronjs.org/headers',
    ]);
  });

  it('uses the node-gyp that npm names, else the one bundled with npm beside node', () => {
    expect(nodeGypScript({ npm_config_node_gyp: '/npm/node-gyp.js' }, '/usr/bin/node')).toBe(
      '/npm/node-gyp.js',
    );
    expect(nodeGypScript({}, '/usr/bin/node')).toBe(
      path.join(
        '/usr',
        'lib',
        'node_modules',
        'npm',
        'node_modules',
        'node-gyp',
        'bin',
        'node-gyp.js',
      ),
    );
  });
});

describe('electronEnv', () => {
  it('points openDb at the Electron binding and never runs Electron as plain Node', () => {
    const env = electronEnv({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' }, '/b.node');
    expect(env).toEqual({ PATH: '/bin', ENCORE_SQLITE_BINDING: '/b.node' });
  });
});

describe('packageVersion', () => {
  it('reads the version of an installed package', () => {
    writeFileSync(
      path.join(temp, 'package.json'),
      JSON.stringify({ name: 'electron', version: '45.4.1' }),
    );
    expect(packageVersion(temp)).toBe('45.4.1');
  });

  it('names the file when the version is missing', () => {
    writeFileSync(path.join(temp, 'package.json'), '{}');
    expect(() => packageVersion(temp)).toThrow(
      path.join(temp, 'package.json').replace('package.json', ''),
    );
  });
});

describe('openDb and the Electron binding', () => {
  const nodeBuild = path.resolve('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  afterEach(() => vi.unstubAllEnvs());

  it('loads the native module named by ENCORE_SQLITE_BINDING', () => {
    vi.stubEnv('ENCORE_SQLITE_BINDING', path.join(temp, 'missing', 'better_sqlite3.node'));
    expect(() => openDb(path.join(temp, 'a.db'))).toThrow(path.join(temp, 'missing'));
  });

  it('prefers an explicit nativeBinding over the environment', () => {
    vi.stubEnv('ENCORE_SQLITE_BINDING', path.join(temp, 'missing', 'better_sqlite3.node'));
    const db = openDb(path.join(temp, 'b.db'), { nativeBinding: nodeBuild });
    expect(schemaVersion(db)).toBeGreaterThan(0);
    db.close();
  });
});
