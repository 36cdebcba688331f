import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/connection';
import { MediaRefused, mediaResponse, resolveMediaPath } from '../media';
import { sendText } from './respond';

const TRACK_ID = /^\/media\/([1-9]\d{0,15})$/;

/** `GET /media/<trackId>`: the audio file, with Range support; anything refused is a plain 404. */
export async function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  db: Db,
  urlPath: string,
  headers: Record<string, string>,
): Promise<void> {
  const id = Number(TRACK_ID.exec(urlPath)?.[1]);
  if (!Number.isSafeInteger(id)) return sendText(res, 404, 'No such track.', headers);
  let file: string;
  try {
    file = await resolveMediaPath(db, id);
  } catch (e) {
    if (e instanceof MediaRefused) return sendText(res, 404, 'No such track.', headers);
    throw e;
  }
  const answer = await mediaResponse(file, req.headers.range);
  res.writeHead(answer.status, { ...headers, ...answer.headers });
  if (!answer.body) return void res.end();
  // Seeking aborts the previous request: stop reading the file when the client goes away.
  res.on('close', () => answer.body?.destroy());
  answer.body.on('error', () => res.destroy()).pipe(res);
}
