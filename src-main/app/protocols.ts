/**
 * Encore's two URL schemes. `encore://app/…` serves the built renderer (so the page has a real,
 * secure origin instead of file://, and the CSP can say 'self'); `encore-media://track/<id>`
 * streams a library track through the one media resolver (STYLE.md §5), with Range support so
 * seeking works. Nothing else on disk is reachable from the renderer.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { CustomScheme, Protocol } from 'electron';
import type { Db } from '../db/connection';
import { resolveMediaPath, mediaResponse, MediaRefused } from '../media';
import { isInside } from '../media/resolve';
import { contentTypeOf } from '../serve/static';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY, MEDIA_SCHEME } from './security';

/**
 * Privileges must be granted before the app's `ready` event (Electron's protocol docs). The media
 * scheme is also `standard` and `secure`: standard so `encore-media://track/7` parses with a host,
 * secure so Chromium does not treat audio in a secure `encore://` page as mixed content; `stream`
 * lets <audio> start playing and seek before the whole file has arrived.
 */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
  {
    scheme: MEDIA_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
  },
];

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * The file under `rendererDir` that an `encore://app/…` URL names, or null when the URL is for
 * another host or its decoded path would leave the folder (`..%2f`, absolute paths, NUL bytes).
 */
export function rendererFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL;
  let pathname: string;
  try {
    parsed = new URL(url);
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (pathname.includes('\0')) return null;
  const relative =
    pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(rendererDir, relative);
  return isInside(path.resolve(rendererDir), file) ? file : null;
}

/** Answers `encore://app/…` with a renderer file and the CSP header; 404 for anything else. */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, 'Method not allowed');
    const file = rendererFileFor(rendererDir, request.url);
    if (file === null) return plain(404, 'Not found');
    // A symlink inside dist/renderer must not lead outside it either.
    const [realRoot, realFile] = await Promise.all([
      realpath(rendererDir).catch(() => null),
      realpath(file).catch(() => null),
    ]);
    if (realRoot === null || realFile === null || !isInside(realRoot, realFile)) {
      return plain(404, 'Not found');
    }
    const body = await readFile(realFile).catch(() => null);
    if (body === null) return plain(404, 'Not found');
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(realFile),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/** The track id in `encore-media://track/<id>`, or null for any other shape. */
export function mediaTrackId(url: string): number | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${MEDIA_SCHEME}:` || parsed.host !== 'track') return null;
  const match = /^\/([1-9][0-9]{0,15})$/.exec(parsed.pathname);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * Answers `encore-media://track/<id>`: 200 or 206 with the audio bytes, 416 for a range past the
 * end, 403 for a track whose file lies outside every library folder, 404 for anything else.
 */
export function mediaProtocolHandler(db: Db): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, 'Method not allowed');
    const trackId = mediaTrackId(request.url);
    if (trackId === null) return plain(404, 'Not found');
    let file: string;
    try {
      file = await resolveMediaPath(db, trackId);
    } catch (e) {
      if (e instanceof MediaRefused && e.reason === 'outside-library')
        return plain(403, 'Forbidden');
      if (e instanceof MediaRefused) return plain(404, 'Not found');
      throw e;
    }
    const answer = await mediaResponse(file, request.headers.get('range') ?? undefined);
    if (request.method === 'HEAD') answer.body?.destroy();
    const body =
      answer.body && request.method !== 'HEAD'
        ? (Readable.toWeb(answer.body) as unknown as ReadableStream<Uint8Array>)
        : null;
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
}

/** Call after `app` is ready; the schemes themselves were declared with PRIVILEGED_SCHEMES. */
export function registerProtocols(protocol: Protocol, db: Db, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
  protocol.handle(MEDIA_SCHEME, mediaProtocolHandler(db));
}
