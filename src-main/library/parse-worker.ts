import { parentPort } from 'node:worker_threads';
import { parseFromTokenizer } from 'music-metadata';
import { PARSE_OPTIONS, type ParseReply, type ParseRequest } from './parse-protocol';
import { notAudioReason, toTrackRecord, type FileFacts, type ParsedMetadata } from './tags';
import { mpegDurationWithoutHeader } from './mpeg-duration';
import { BlockFileTokenizer } from './block-reader';

/**
 * Reads one file's tags. `duration: true` costs nothing for CBR files or files with a Xing/Info
 * header (music-metadata stops at the 4th frame) and walks the stream only for VBR files without
 * one, where the estimate would otherwise be missing; MPEG files whose first frames look alike are
 * recounted by mpeg-duration.ts, which music-metadata cannot tell from CBR. Bytes come through
 * BlockFileTokenizer (block-reader.ts), the same reads parseFile makes but in 64 KiB blocks.
 */
export async function parseTrack(file: FileFacts) {
  const reader = await BlockFileTokenizer.open(file.path);
  try {
    const meta = await parseFromTokenizer(reader, PARSE_OPTIONS);
    const reason = notAudioReason(meta);
    if (reason) throw Object.assign(new Error(reason), { name: 'NotAudioError' });
    const format: ParsedMetadata['format'] = { ...meta.format };
    if (meta.format.container === 'MPEG' && meta.format.codecProfile === 'CBR') {
      format.duration = (await mpegDurationWithoutHeader(reader)) ?? format.duration;
    }
    return toTrackRecord(file, { common: meta.common, format });
  } finally {
    await reader.close();
  }
}

const port = parentPort;
if (port) {
  let outbox: ParseReply[] = [];
  const send = (reply: ParseReply): void => {
    if (outbox.length === 0) {
      setImmediate(() => {
        port.postMessage(outbox);
        outbox = [];
      });
    }
    outbox.push(reply);
  };
  port.on('message', (requests: ParseRequest[]) => {
    for (const msg of requests) {
      parseTrack(msg.file).then(
        (record) => send({ jobId: msg.jobId, type: 'result', record }),
        (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          send({
            jobId: msg.jobId,
            type: 'error',
            error: { name: err.name, message: err.message },
          });
        },
      );
    }
  });
}
