import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine';

export const PING_MS = 15_000;

/**
 * `GET /api/events`: Server-Sent Events, one `data:` line of EngineEvent JSON per event, and a
 * comment every 15 s so that proxies and idle timers keep the stream open.
 * Returns a function that ends the stream (used when the server closes).
 */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  engine: Engine,
  headers: Record<string, string>,
): () => void {
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = engine.onEvent((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearInterval(ping);
    unsubscribe();
    res.end();
  };
  req.on('close', end);
  res.on('error', end);
  return end;
}
