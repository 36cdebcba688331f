import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../engine';
import { createHandlers } from '../api/handlers';
import { rendererDir } from '../paths';
import { hostAllowed, isAuthorized, isLoopback, newToken, tokenCookie, tokensEqual } from './auth';
import { handleApiCall } from './api';
import { openEventStream } from './events';
import { serveMedia } from './media';
import { failure, securityHeaders, sendResult, sendText } from './respond';
import { loadSite } from './static';

export interface ServeOptions {
  port: number;
  host: string;
  /** Defaults to 32 fresh random bytes. */
  token?: string;
  /** The built renderer; defaults to dist/renderer. */
  rendererDir?: string;
}

export interface RunningServer {
  /** The URL to open, token included: `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The headless host (DESIGN.md "One API, three hosts"): the built renderer, the contract as
 * `POST /api/<name>`, engine events as SSE and audio under `/media/<id>`, all behind one token.
 * No CORS headers are ever sent, so other origins cannot read any answer.
 */
export async function startServer(engine: Engine, options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const handlers = createHandlers(engine);
  const site = await loadSite(options.rendererDir ?? rendererDir());
  const headers = securityHeaders(site.csp);
  const checkHost = isLoopback(options.host);
  const streams = new Set<() => void>();
  let port = options.port;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'POST') {
      return sendText(res, 405, 'Only GET and POST are allowed.', {
        ...headers,
        Allow: 'GET, POST',
      });
    }
    if (checkHost && !hostAllowed(req.headers.host, port)) {
      return sendText(res, 403, 'Unexpected Host header.', headers);
    }
    const url = new URL(req.url ?? '/', 'http://encore.invalid');
    const query = url.searchParams.get('token');
    if (req.method === 'GET' && url.pathname === '/' && query !== null) {
      if (!tokensEqual(token, query)) return sendText(res, 401, 'Wrong or expired token.', headers);
      res.writeHead(303, {
        ...headers,
        Location: '/',
        'Set-Cookie': tokenCookie(token),
        'Cache-Control': 'no-store',
      });
      return void res.end();
    }
    if (!isAuthorized(req.headers, token)) {
      return sendText(
        res,
        401,
        'Open the URL that `encore serve` printed (it carries the token).',
        headers,
      );
    }
    const { pathname } = url;
    if (pathname.startsWith('/api/')) {
      const name = pathname.slice('/api/'.length);
      if (name === 'events' && req.method === 'GET') {
        const end = openEventStream(req, res, engine, headers);
        streams.add(end);
        req.on('close', () => streams.delete(end));
        return;
      }
      if (req.method !== 'POST') {
        return sendResult(res, 405, failure('MethodNotAllowed', 'API calls use POST.'), {
          ...headers,
          Allow: 'POST',
        });
      }
      return handleApiCall(req, res, handlers, name, headers);
    }
    if (req.method !== 'GET')
      return sendText(res, 405, 'Only API calls use POST.', { ...headers, Allow: 'GET' });
    if (pathname.startsWith('/media/')) return serveMedia(req, res, engine.db, pathname, headers);
    if (await site.serve(res, pathname, headers)) return;
    sendText(res, 404, 'Not found.', headers);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      // The client learns only that something failed; the details stay in this terminal.
      console.error('Encore serve:', e);
      if (!res.headersSent)
        sendResult(res, 500, failure('InternalError', 'Internal error.'), headers);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of streams) end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
