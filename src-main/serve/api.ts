import type { IncomingMessage, ServerResponse } from 'node:http';
import { dispatch } from '../api/dispatch';
import type { Handlers } from '../api/handlers';
import { failure, sendResult } from './respond';

export const MAX_BODY_BYTES = 1024 * 1024;

type Body = { ok: true; text: string } | { ok: false; tooLarge: true };

/** Reads a request body, giving up (without buffering the rest) once it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Body> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return resolve({ ok: false, tooLarge: true });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve({ ok: false, tooLarge: true });
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', reject);
  });
}

/**
 * `POST /api/<name>`: the body is the call's input as JSON; the answer is always the Result
 * envelope. Validation is `dispatch`'s job, exactly as for the other hosts.
 */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: Handlers,
  name: string,
  headers: Record<string, string>,
): Promise<void> {
  const body = await readBody(req);
  if (!body.ok) {
    // Closing the connection stops a client that keeps sending after the limit.
    res.on('finish', () => req.destroy());
    return sendResult(
      res,
      413,
      failure('TooLarge', `A request body may be at most ${MAX_BODY_BYTES} bytes.`),
      {
        ...headers,
        Connection: 'close',
      },
    );
  }
  let input: unknown;
  try {
    input = body.text.trim() === '' ? undefined : JSON.parse(body.text);
  } catch {
    return sendResult(
      res,
      400,
      failure('InvalidJson', `The body of /api/${name.slice(0, 80)} is not JSON.`),
      headers,
    );
  }
  sendResult(res, 200, await dispatch(handlers, name, input), headers);
}
