import type { CliIo } from './command';
import { UsageError } from './command';
import { commands } from './commands';

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `Usage: encore <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nencore <command> --help tells more.\n`;
}

/**
 * Runs one command and resolves to the process's exit code: 0 done, 1 failed, 2 a usage error
 * (no or unknown command, unknown or malformed option), with the usage on stderr.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  const entry = name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (name === undefined || !entry) {
    io.stderr(
      `${name === undefined ? 'encore: name a command.' : `encore: unknown command "${name}".`}\n\n${usage()}`,
    );
    return 2;
  }
  const command = (await entry.load()).default;
  // Every command answers --help the same way, so none of them parses it.
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`encore ${name}: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    io.stderr(`encore ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
