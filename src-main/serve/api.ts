import type { IncomingMessage, ServerResponse } from 'node:http';
import { RADIO_GPU_LIMITS } from '../api/contract';
import { dispatch } from '../api/dispatch';
import type { Handlers } from '../api/handlers';
import { failure, sendResult } from './respond';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Calls whose input is legitimately large get their own limit: a GPU-trained radio model comes
 * back as base64 (the contract bounds it; a little more here for the JSON around it).
 */
const LARGE_BODY_CALLS: Record<string, number> = {
  'radio.adoptModel': RADIO_GPU_LIMITS.modelBase64 + 16 * 1024 * 1024,
};

export function bodyLimitOf(name: string): number {
  return Object.hasOwn(LARGE_BODY_CALLS, name) ? LARGE_BODY_CALLS[name]! : MAX_BODY_BYTES;
}

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
  const limit = bodyLimitOf(name);
  const body = await readBody(req, limit);
  if (!body.ok) {
    // Closing the connection stops a client that keeps sending after the limit.
    res.on('finish', () => req.destroy());
    return sendResult(
      res,
      413,
      failure('TooLarge', `A request body of ${name.slice(0, 80)} may be at most ${limit} bytes.`),
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
