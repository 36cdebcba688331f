// A module worker that trains the radio's GRU with tfjs on the WebGL backend (OffscreenCanvas):
// the local GPU does the work and the page stays responsive. It never talks to the API: the page
// hands it the sessions and uploads what it returns, so it works the same under Electron's bridge
// and `encore serve`.
import * as tf from '@tensorflow/tfjs';
import { trainGruTf } from '../../models/nextsong/gpu/gru-tf';
import type { GpuTrainReply, GpuTrainRequest } from './gru-gpu-protocol';

const post = (reply: GpuTrainReply, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(reply, transfer);

self.onmessage = async (event: MessageEvent<GpuTrainRequest>) => {
  const { itemCount, sessions, config } = event.data;
  try {
    if (!(await tf.setBackend('webgl'))) throw new Error('WebGL is not available in this window.');
    await tf.ready();
    const started = performance.now();
    const result = await trainGruTf(
      tf,
      itemCount,
      sessions.map((s) => ({ start: 0, items: s.items, skipped: s.skipped })),
      config,
      { onProgress: (p) => post({ type: 'progress', ...p }) },
    );
    const seconds = (performance.now() - started) / 1000;
    post({ type: 'done', ...result, seconds }, [result.bytes.buffer]);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
