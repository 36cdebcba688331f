import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';

/** One history file to import: a file on disk or an entry of a zip archive. */
export interface HistorySource {
  /** Shown in results: the file path, or `archive.zip/entry/name.json`. */
  path: string;
  bytes: number;
  read(): Promise<string>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Expands what the listener dropped (files, folders, zips; any mix) into history files, in a
 * stable order. A zip is known by its magic bytes, not its name. Hidden files and macOS resource
 * forks (`__MACOSX/`, `._x`) are skipped: they are never history.
 */
export async function expandSources(inputs: string[]): Promise<HistorySource[]> {
  const out: HistorySource[] = [];
  for (const input of inputs) await expand(path.resolve(input), out);
  return out;
}

async function expand(file: string, out: HistorySource[]): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info) {
    out.push({
      path: file,
      bytes: 0,
      read: () => Promise.reject(new Error(`${file} does not exist or cannot be read.`)),
    });
    return;
  }
  if (info.isDirectory()) {
    const names = (await readdir(file))
      .filter((n) => !n.startsWith('.') && n !== '__MACOSX')
      .sort();
    for (const name of names) await expand(path.join(file, name), out);
    return;
  }
  if (await isZip(file)) {
    const entries = unzipSync(await readFile(file));
    for (const name of Object.keys(entries).sort()) {
      const data = entries[name]!;
      const base = name.split('/').pop() ?? name;
      if (name.endsWith('/') || name.startsWith('__MACOSX/') || base.startsWith('.')) continue;
      out.push({ path: `${file}/${name}`, bytes: data.length, read: async () => decode(data) });
    }
    return;
  }
  // Read when its turn comes: a folder of large exports is never all in memory at once.
  out.push({ path: file, bytes: info.size, read: async () => decode(await readFile(file)) });
}

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && ZIP_MAGIC.every((b, i) => head[i] === b);
  } finally {
    await handle.close();
  }
}

function decode(data: Uint8Array): string {
  return new TextDecoder('utf-8').decode(data);
}
