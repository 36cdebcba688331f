/**
 * What electron-builder would put into the package, worked out from electron-builder.yml without
 * running it: the app's own files matched by `files`, the production dependencies (electron-builder
 * never copies devDependencies; here: package-lock entries not marked `dev`) filtered by the same
 * negated patterns, and the `extraResources` folders. Paths use `/`, relative to the app root;
 * extra resources are prefixed `<resources>/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface BuilderConfig {
  files: string[];
  extraResources?: { from: string; to: string }[];
  asarUnpack?: string[];
  [key: string]: unknown;
}

/** minimatch's core for the patterns we use: `**` spans folders, `*` and `?` stay inside one. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (pattern.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** electron-builder's rule: kept when some plain pattern matches and no `!pattern` does. */
export function fileFilter(patterns: readonly string[]): (file: string) => boolean {
  const keep = patterns.filter((p) => !p.startsWith('!')).map(globToRegExp);
  const drop = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)));
  return (file) => keep.some((r) => r.test(file)) && !drop.some((r) => r.test(file));
}

function walk(root: string, dir: string, skip: (rel: string) => boolean, out: string[]): string[] {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (skip(rel)) continue;
    if (entry.isDirectory()) walk(root, rel, skip, out);
    else out.push(rel);
  }
  return out;
}

/** Folders (`node_modules/…`) of every installed package, and of those a production install holds. */
export function packageDirs(root: string): { all: Set<string>; production: string[] } {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const installed = Object.entries(lock.packages).filter(
    ([dir]) => dir.startsWith('node_modules/') && existsSync(path.join(root, dir)),
  );
  return {
    all: new Set(installed.map(([dir]) => dir)),
    production: installed.filter(([, p]) => !p.dev && !p.devOptional).map(([dir]) => dir),
  };
}

/** The name a `node_modules/…` path belongs to: the innermost package, scoped or not. */
export function packageOf(file: string): string | null {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const name = parts[at + 1] ?? '';
  return name.startsWith('@') ? `${name}/${parts[at + 2] ?? ''}` : name;
}

export function packagedFiles(root: string, config: BuilderConfig): string[] {
  const ownFilter = fileFilter(config.files);
  const own = walk(
    root,
    '',
    (rel) => rel === 'node_modules' || rel === '.git' || rel.startsWith('.electron-native'),
    [],
  ).filter(ownFilter);
  // Dependencies pass through the negated patterns only: electron-builder adds them itself.
  const dropped = fileFilter(['**/*', ...config.files.filter((p) => p.startsWith('!'))]);
  // A package nested in another's node_modules is its own lock entry: walked only if production.
  const { all, production } = packageDirs(root);
  const dependencies = production.flatMap((dir) =>
    walk(root, dir, (rel) => all.has(rel), []).filter(dropped),
  );
  const extra = (config.extraResources ?? []).flatMap(({ from, to }) =>
    walk(root, from, () => false, []).map((f) => `<resources>/${to}${f.slice(from.length)}`),
  );
  return [...own, ...dependencies, ...extra];
}
