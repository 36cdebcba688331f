import type { TrackRecord } from '../db/tracks';
import type { FileFacts } from './tags';

/**
 * Messages between the scanner and its parse workers (STYLE.md §8). One request per file; the
 * reply carries the finished TrackRecord so the main thread only writes rows. Errors cross as
 * name + message (a stack from a parser is noise to a listener whose file is damaged).
 *
 * Both directions post arrays: requests that fill a worker's queue travel together, and replies
 * that finish in the same turn of the worker's event loop are sent as one message. A CPU profile
 * of the workers showed ~10 % of their time in postMessage when every file was its own message.
 */
export type ParseRequest = { jobId: number; type: 'parse'; file: FileFacts };

export type ParseReply =
  | { jobId: number; type: 'result'; record: TrackRecord }
  | { jobId: number; type: 'error'; error: { name: string; message: string } };

/** music-metadata options: covers are never needed; see parse-worker.ts for `duration`. */
export const PARSE_OPTIONS = { skipCovers: true, duration: true } as const;
