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
const cli = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
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

/** The scanner's CSV: `issue, severity, confidence, filename, location, sample, description, url`. */
function parseCsv(text: string): Finding[] {
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
      const unquote = (s = '') => s.replace(/^"|"$/g, '');
      return {
        issue: unquote(cells[0]),
        severity: unquote(cells[1]),
        file: unquote(cells[3]),
        location: unquote(cells[4]),
      };
    });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-electronegativity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('electronegativity', () => {
  it('finds nothing above informational that is not justified', async () => {
    // A copy of what ships from source, without node_modules, so the scan is of our code only.
    const app = path.join(dir, 'app');
    for (const part of ['src-main', 'src-renderer', 'package.json'])
      cpSync(path.join(root, part), path.join(app, part), { recursive: true });
    const csv = path.join(dir, 'findings.csv');
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        [cli, '-i', app, '-r', '-v', 'false', '-e', electronVersion, '-o', csv],
        { timeout: 110_000 },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`electronegativity failed: ${stderr}`)) : resolve(),
      ),
    );
    const findings = parseCsv(readFileSync(csv, 'utf8'));
    // The scan did run over the window and the page (it reports on both).
    expect(findings.map((f) => f.file)).toContain('src-main/app/window.ts');
    const unjustified = findings
      .filter((f) => f.severity !== 'INFORMATIONAL')
      .filter((f) => JUSTIFIED[`${f.issue} ${f.file}`] === undefined)
      .map((f) => `${f.severity} ${f.issue} ${f.file}:${f.location}`);
    expect(unjustified).toEqual([]);
  }, 120_000);
});
