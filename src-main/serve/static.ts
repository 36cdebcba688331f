import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { isInside } from '../media/resolve';
import { sendText } from './respond';

/** Used only when the renderer is not built, so even the "not built" page is locked down. */
export const FALLBACK_CSP = "default-src 'none'";

/** Content types of the built renderer's files; one table for serve and the Electron app scheme. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The CSP of the renderer's `<meta http-equiv="Content-Security-Policy">`, to send as a header too. */
export function cspFromHtml(html: string): string | undefined {
  const meta = /<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0];
  const content = meta && /content=(["'])(.*?)\1/is.exec(meta)?.[2];
  return content ? content.replace(/\s+/g, ' ').trim() : undefined;
}

export interface Site {
  csp: string;
  /** Answers `/`, `/index.html` and `/assets/*`; false when the path is not the site's. */
  serve(res: ServerResponse, urlPath: string, headers: Record<string, string>): Promise<boolean>;
}

/** The built renderer in `dir` (normally dist/renderer), read once at start for its CSP. */
export async function loadSite(dir: string): Promise<Site> {
  const root = await realpath(dir).catch(() => null);
  const index = root && (await readFile(path.join(root, 'index.html'), 'utf8').catch(() => null));
  const csp = (index && cspFromHtml(index)) ?? FALLBACK_CSP;

  async function sendFile(
    res: ServerResponse,
    file: string,
    headers: Record<string, string>,
  ): Promise<boolean> {
    const real = root && (await realpath(file).catch(() => null));
    const info = real && isInside(root, real) ? await stat(real).catch(() => null) : null;
    if (!real || !info?.isFile()) return false;
    res.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeOf(real),
      'Content-Length': String(info.size),
      // Vite puts a content hash in every asset name; index.html must always be fresh.
      'Cache-Control': real.includes(`${path.sep}assets${path.sep}`)
        ? 'max-age=31536000, immutable'
        : 'no-cache',
    });
    createReadStream(real)
      .on('error', () => res.destroy())
      .pipe(res);
    return true;
  }

  return {
    csp,
    async serve(res, urlPath, headers) {
      if (urlPath === '/' || urlPath === '/index.html') {
        if (index === null || root === null) {
          sendText(
            res,
            404,
            'The Encore renderer is not built: run `npm run build` first.',
            headers,
          );
          return true;
        }
        return sendFile(res, path.join(root, 'index.html'), headers);
      }
      if (!urlPath.startsWith('/assets/') || root === null) return false;
      let rel: string;
      try {
        rel = decodeURIComponent(urlPath.slice('/assets/'.length));
      } catch {
        return false;
      }
      if (rel.includes('\0')) return false;
      return sendFile(res, path.join(root, 'assets', path.normalize(rel)), headers);
    },
  };
}
