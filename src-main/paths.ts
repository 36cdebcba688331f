import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder above this module holding `resources/`. The same from
 * source (src-main/…), from the bundles (dist/main/…) and from a packaged app's unpacked resources.
 */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'resources', 'demo'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(
        `Cannot find Encore's resources folder above ${fileURLToPath(import.meta.url)}.`,
      );
    dir = parent;
  }
}

export const demoLibraryDir = (): string => path.join(appRoot(), 'resources', 'demo');
export const rendererDir = (): string => path.join(appRoot(), 'dist', 'renderer');
