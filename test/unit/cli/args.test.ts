import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import { commands } from '../../../src-main/cli/commands';
import { parseStrict, portNumber, UsageError } from '../../../src-main/cli/command';
import { defaultDbPath } from '../../../src-main/cli/database';
import { formatBytes, formatDuration } from '../../../src-main/cli/format';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
      stderrIsTTY: false,
    },
  };
}

describe('encore <command>', () => {
  it('answers an unknown command with the usage on stderr and exit code 2', async () => {
    const { out, io } = capture();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(out.stderr).toContain('unknown command "frobnicate"');
    expect(out.stderr).toContain('Usage: encore <command>');
    expect(out.stdout).toBe('');
  });

  it('answers no command at all the same way', async () => {
    const { out, io } = capture();
    expect(await runCli([], io)).toBe(2);
    expect(out.stderr).toContain('Usage: encore <command>');
  });

  it('does not mistake inherited object keys for commands', async () => {
    const { io } = capture();
    expect(await runCli(['constructor'], io)).toBe(2);
    expect(await runCli(['__proto__'], io)).toBe(2);
  });

  it('lists every command in --help, on stdout, exit 0', async () => {
    const { out, io } = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const name of Object.keys(commands)) expect(out.stdout).toContain(`  ${name} `);
  });

  it('rejects an unknown option with the command usage and exit 2, before opening anything', async () => {
    const { out, io } = capture();
    expect(await runCli(['stats', '--bogus'], io)).toBe(2);
    expect(out.stderr).toContain("Unknown option '--bogus'");
    expect(out.stderr).toContain('Usage: encore stats');
  });

  it('rejects scan without a folder', async () => {
    const { out, io } = capture();
    expect(await runCli(['scan', '--db', '/nonexistent/x.db'], io)).toBe(2);
    expect(out.stderr).toContain('Name at least one folder');
  });

  it('prints a command usage for --help', async () => {
    const { out, io } = capture();
    expect(await runCli(['scan', '--help'], io)).toBe(0);
    expect(out.stdout).toContain('Usage: encore scan <folder…>');
  });
});

describe('argument helpers', () => {
  it('parse strictly: a string option without its value is a usage error', () => {
    expect(() => parseStrict({ args: ['--db'], options: { db: { type: 'string' } } })).toThrow(
      UsageError,
    );
    expect(
      parseStrict({ args: ['--db', 'x.db'], options: { db: { type: 'string' } } }).values.db,
    ).toBe('x.db');
  });

  it('read --port as an integer from 0 to 65535', () => {
    expect(portNumber(undefined, 0)).toBe(0);
    expect(portNumber('8080', 0)).toBe(8080);
    for (const bad of ['-1', '65536', '80.5', 'http', ''])
      expect(() => portNumber(bad, 0), bad).toThrow(UsageError);
  });

  it('find the library where the desktop app keeps it unless ENCORE_DB says otherwise', () => {
    expect(defaultDbPath({ ENCORE_DB: '/tmp/x.db' }, 'linux')).toBe('/tmp/x.db');
    expect(defaultDbPath({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Encore/encore.db');
    expect(defaultDbPath({ APPDATA: '/appdata' }, 'win32')).toMatch(/appdata.Encore.encore\.db$/);
  });

  it('format durations and sizes for people', () => {
    expect(formatDuration(3_723_000)).toBe('1 h 2 min');
    expect(formatDuration(95_000)).toBe('1 min 35 s');
    expect(formatDuration(4_000)).toBe('4 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});
