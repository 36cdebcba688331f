// Launch helpers for the end-to-end tests: the BUILT app's `serve --demo` and Debian's chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';

const SERVING = /^Encore is serving on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64}))$/m;

export interface ServedApp {
  /** The printed URL, token included. */
  url: string;
  /** `http://127.0.0.1:PORT`, without the token. */
  origin: string;
  token: string;
  stderr(): string;
  /** Sends SIGTERM and resolves to the exit code (a clean shutdown is 0). */
  stop(): Promise<number | null>;
}

/** Starts `node dist/main/cli.js serve --demo --port 0 --db <db>` and waits for its URL line. */
export async function startBuiltServe(db: string, timeoutMs = 90_000): Promise<ServedApp> {
  const cli = path.join(repoRoot, 'dist', 'main', 'cli.js');
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: run \`npm run build\` before the e2e tests.`);
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'serve', '--demo', '--port', '0', '--db', db],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs} ms`), timeoutMs);
    function fail(why: string): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`encore serve ${why}.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = SERVING.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    void exited.then((code) => fail(`exited with code ${code}`));
  });

  const [, url = '', port = ''] = match;
  return {
    url,
    origin: `http://127.0.0.1:${port}`,
    token: match[3] ?? '',
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Debian's chromium, headless. A missing browser fails the tests loudly: they are never skipped. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the e2e tests.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** A contract call over HTTP with the token, unwrapped; throws with the envelope's error. */
export async function api<T>(app: ServedApp, name: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`${app.origin}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const result = (await res.json()) as
    { ok: true; value: T } | { ok: false; error: { name: string; message: string } };
  if (!result.ok) throw new Error(`${name}: ${result.error.name}: ${result.error.message}`);
  return result.value;
}

/**
 * The usual fixture of a screen's e2e file: the built app serving the demo library in a fresh
 * database, and one chromium page, started before the file's tests and stopped after them (the
 * server must shut down cleanly). Read `app` and `page` inside tests, once `beforeAll` has run.
 */
export function demoInChromium(name: string): { readonly app: ServedApp; readonly page: Page } {
  let dir: string | undefined;
  let app: ServedApp | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), `encore-e2e-${name}-`));
    app = await startBuiltServe(path.join(dir, 'encore.db'));
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    const code = await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(code, `serve did not shut down cleanly:\n${app?.stderr()}`).toBe(0);
  });
  return {
    get app() {
      if (!app)
        throw new Error('demoInChromium: the server is not started yet (use it inside tests).');
      return app;
    },
    get page() {
      if (!page) throw new Error('demoInChromium: the page is not open yet (use it inside tests).');
      return page;
    },
  };
}

/** How many pixels of a chart's canvas are painted (not fully transparent). */
export function paintedPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });
}
