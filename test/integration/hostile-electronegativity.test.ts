/**
 * Electronegativity (Doyensec's Electron misconfiguration scanner, issue 7) over the app's sources:
 * no finding above INFORMATIONAL may stand unless it is justified below. The scanner reads files
 * statically, so it cannot see options built by a function; each justification says where the
 * setting really lives and which test asserts it.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(root, 'node_modules/@doyensec/electronegativity/dist/runner.js');
const electronVersion = (
  JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** "CHECK file" → why it does not apply. Only findings the scanner cannot see through. */
const JUSTIFIED: Record<string, string> = {
  'CONTEXT_ISOLATION_JS_CHECK src-main/app/window.ts':
    'webPreferences come from secureWindowOptions() (src-main/app/security.ts): contextIsolation ' +
    'true, asserted by test/unit/app/security.test.ts.',
  'SANDBOX_JS_CHECK src-main/app/window.ts':
    'webPreferences come from secureWindowOptions(): sandbox true, asserted by security.test.ts.',
  'AUXCLICK_JS_CHECK src-main/app/window.ts':
    'A middle click can only ask for a new window, and hardenContents() answers every window.open ' +
    'with "deny" and cancels navigation away from encore://app (security.test.ts).',
  'CSP_GLOBAL_CHECK src-renderer/index.html':
    "csp-evaluator's only remark is that script-src 'self' is risky when the origin hosts JSONP, " +
    'Angular or user uploads; encore://app serves only the built renderer bundle, and the ' +
    "listener's audio comes from the separate encore-media: scheme, allowed in media-src only.",
};

interface Finding {
  issue: string;
  severity: string;
  file: string;
  location: string;
}

/**
 * Runs the scanner's own runner (its CLI's engine) in a child process and prints its findings as
 * JSON. Not the CLI's `-o findings.csv`: that writes the CSV header and the rows with two
 * concurrent `fs.writeFile`s, so under load the header can overwrite the first row or truncate
 * them all (seen once in a clean-clone run).
 */
const SCAN = `
const run = require(process.argv[1]);
run({ input: process.argv[2], isRelative: true, isVerbose: false,
      electronVersionOverride: process.argv[3], parserPlugins: [] }, false)
  .then((r) => process.stdout.write('\\nFINDINGS ' + JSON.stringify(r.issues.map((i) => ({
    issue: i.id, severity: i.severity.name, file: i.file,
    location: i.location.line + ':' + i.location.column }))) + '\\n'))
  .catch((e) => { console.error(e.stack); process.exit(1); });
`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-electronegativity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('electronegativity', () => {
  it('finds nothing above informational that is not justified', async () => {
    // A copy of what ships from source, without node_modules, so the scan is of our code only.
    const app = path.join(dir, 'app');
    for (const part of ['src-main', 'src-renderer', 'package.json'])
      cpSync(path.join(root, part), path.join(app, part), { recursive: true });
    const findings = await new Promise<Finding[]>((resolve, reject) =>
      execFile(
        process.execPath,
        ['-e', SCAN, runner, app, electronVersion],
        { timeout: 110_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          // The runner also prints its own notices ("No connectivity?") on stdout.
          const line = stdout.split('\n').find((l) => l.startsWith('FINDINGS '));
          if (error || !line) reject(new Error(`electronegativity failed: ${stderr}${stdout}`));
          else resolve(JSON.parse(line.slice('FINDINGS '.length)) as Finding[]);
        },
      ),
    );
    // The scan did run over the window and the page (it reports on both).
    expect(findings.map((f) => f.file)).toContain('src-main/app/window.ts');
    const unjustified = findings
      .filter((f) => f.severity !== 'INFORMATIONAL')
      .filter((f) => JUSTIFIED[`${f.issue} ${f.file}`] === undefined)
      .map((f) => `${f.severity} ${f.issue} ${f.file}:${f.location}`);
    expect(unjustified).toEqual([]);
  }, 120_000);
});
