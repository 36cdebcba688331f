import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes; tests pass their own, the CLI passes the process's streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Progress lines are drawn only for a person at a terminal. */
  stderrIsTTY: boolean;
}

export interface Command {
  /** The full `encore <command> --help` text. */
  usage: string;
  /** Resolves to the exit code; throws UsageError for bad arguments (exit 2). */
  run(argv: string[], io: CliIo): Promise<number>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `parseArgs` in strict mode, its complaints turned into UsageError (usage + exit 2). */
export function parseStrict<T extends Omit<ParseArgsConfig, 'strict'>>(
  config: T,
): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** `--port 8080` → 8080; anything but an integer in 0…65535 is a usage error. */
export function portNumber(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, not "${text}".`);
  return n;
}
