#!/usr/bin/env node
// `encore <command>`: the direct host (DESIGN.md "One API, three hosts"). Commands live in cli/.
import { runCli } from './cli/main';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
});
process.exitCode = code;
// Whatever a library left running (a timer, a worker) must not keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
