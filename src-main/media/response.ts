import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parseRange } from './range';
import { audioContentType } from './content-type';

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | null;
}

/**
 * An HTTP answer for an audio file that `resolveMediaPath` accepted: the whole file (200), one
 * byte range (206), or 416 when the range starts past the end. Seeking in an <audio> element is
 * a stream of such range requests, so this is what makes the seek bar work under `serve`.
 */
export async function mediaResponse(
  filePath: string,
  rangeHeader: string | undefined,
): Promise<MediaResponse> {
  const { size } = await stat(filePath);
  const common = {
    'Accept-Ranges': 'bytes',
    'Content-Type': audioContentType(filePath),
    'Cache-Control': 'no-cache',
  };
  const range = parseRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    return {
      status: 416,
      headers: { ...common, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' },
      body: null,
    };
  }
  if (range.kind === 'full') {
    return {
      status: 200,
      headers: { ...common, 'Content-Length': String(size) },
      body: createReadStream(filePath),
    };
  }
  const { start, end } = range;
  return {
    status: 206,
    headers: {
      ...common,
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Content-Length': String(end - start + 1),
    },
    body: createReadStream(filePath, { start, end }),
  };
}
