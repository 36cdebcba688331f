// The renderer's GPU training driver, with a scripted worker and API: what it sends, the states
// the Models screen shows, cancel and failure. The real worker runs in test/e2e/gpu-train.test.ts.
import { describe, expect, it } from 'vitest';
import {
  GpuTraining,
  isSoftwareRenderer,
  toBase64,
  type GpuTrainState,
  type TrainWorker,
} from '../../../src-renderer/compute/gru-gpu';
import type {
  GpuTrainReply,
  GpuTrainRequest,
} from '../../../src-renderer/compute/gru-gpu-protocol';

/** A worker whose replies the test sends by hand. */
class ScriptedWorker implements TrainWorker {
  onmessage: TrainWorker['onmessage'] = null;
  onerror: TrainWorker['onerror'] = null;
  received: GpuTrainRequest[] = [];
  terminated = false;
  postMessage(message: GpuTrainRequest): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(r: GpuTrainReply): void {
    this.onmessage?.call(this as unknown as Worker, { data: r } as MessageEvent);
  }
}

const set = {
  trackIds: [11, 12, 13],
  sessions: [{ items: [0, 1, 2], skipped: [0, 0, 1] }],
  config: { units: 8 },
  leftOut: 0,
};

function setup() {
  const worker = new ScriptedWorker();
  const states: GpuTrainState[] = [];
  const adopted: unknown[] = [];
  const api = {
    'radio.trainingSet': () => Promise.resolve(set),
    'radio.adoptModel': (input: unknown) => {
      adopted.push(input);
      return Promise.resolve({ backend: 'webgl', modelId: 5 } as never);
    },
  };
  const gpu = new GpuTraining(
    api,
    (s) => states.push(s),
    () => worker,
  );
  return { worker, states, adopted, gpu };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('GPU training in the renderer', () => {
  it('hands the sessions to the worker, shows its progress, and uploads what it learned', async () => {
    const { worker, states, adopted, gpu } = setup();
    const run = gpu.start();
    await tick();
    expect(worker.received).toHaveLength(1);
    const request = worker.received[0]!;
    expect(request.itemCount).toBe(3);
    expect(request.sessions[0]!.items).toEqual(Int32Array.from([0, 1, 2]));
    expect(request.sessions[0]!.skipped).toEqual(Uint8Array.from([0, 0, 1]));
    expect(request.config).toEqual({ units: 8 });
    expect(gpu.running).toBe(true);

    worker.reply({ type: 'progress', epoch: 2, epochs: 4, loss: 1.23456, done: 0.5 });
    expect(gpu.state).toEqual({ phase: 'training', done: 0.5, line: 'epoch 2 of 4 · loss 1.235' });
    worker.reply({
      type: 'done',
      bytes: Uint8Array.from([1, 2, 3, 250]),
      backend: 'webgl',
      epochLoss: [2, 1],
      seconds: 3.5,
    });
    await run;
    expect(worker.terminated).toBe(true);
    expect(adopted).toEqual([
      { trackIds: [11, 12, 13], model: 'AQID+g==', backend: 'webgl', trainSeconds: 3.5 },
    ]);
    expect(states.map((s) => s.phase)).toEqual([
      'preparing',
      'training',
      'training',
      'saving',
      'done',
    ]);
    expect(gpu.running).toBe(false);
  });

  it('stops the worker on cancel and uploads nothing', async () => {
    const { worker, adopted, gpu } = setup();
    const run = gpu.start();
    await tick();
    gpu.cancel();
    await run;
    expect(worker.terminated).toBe(true);
    expect(gpu.state.phase).toBe('cancelled');
    expect(adopted).toEqual([]);
  });

  it('reports a worker failure in words', async () => {
    const { worker, adopted, gpu } = setup();
    const run = gpu.start();
    await tick();
    worker.reply({ type: 'error', message: 'WebGL is not available in this window.' });
    await run;
    expect(gpu.state).toEqual({
      phase: 'failed',
      message: 'WebGL is not available in this window.',
    });
    expect(adopted).toEqual([]);
  });

  it('encodes large models to base64 without overflowing the stack', () => {
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('counts software WebGL as no GPU', () => {
    expect(
      isSoftwareRenderer(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(
      isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)'),
    ).toBe(false);
  });
});
