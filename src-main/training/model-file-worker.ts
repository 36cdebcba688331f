/**
 * Reads a model file and checks it whole (magic, version, CRC-32) off the engine's thread
 * (model-store.ts `readCheckedModelFile`). Protocol (STYLE.md §8): in: `read` with the file's path;
 * out: `done` with its bytes (moved, not copied), or `error` (a ModelFileError's `reason`, a file
 * error's `code`).
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { checkModelFile } from '../../models/serialize';
import { errorReply } from '../workers/fit-call';

parentPort!.on('message', (message: { type: 'read'; path: string } | { type: 'cancel' }) => {
  if (message.type !== 'read') return;
  readFile(message.path)
    .then((file) => {
      checkModelFile(file);
      // Moved whole: a file read into part of a larger buffer is copied into its own first
      // (Uint8Array's slice copies; a Buffer's own slice would view).
      const bytes =
        file.byteOffset === 0 && file.length === file.buffer.byteLength
          ? file
          : Uint8Array.prototype.slice.call(file);
      parentPort!.postMessage({ type: 'done', bytes }, [bytes.buffer]);
    })
    .catch((e: unknown) => parentPort!.postMessage(errorReply(e)));
});
