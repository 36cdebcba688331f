// Training the radio's GRU on this computer's GPU: the page asks the engine for the library's
// sessions, a worker trains on WebGL (./gru-gpu-worker.ts), and the weights go back to the engine,
// which checks them, chooses the radio's blend weights with them and keeps them (`radio.adoptModel`).
// Plain TypeScript with the worker and the API passed in, so a Node test can drive it.
import type { EncoreApi } from '../../src-main/api/contract';
import type { Adopted } from '../../src-main/recommend/radio-gpu';
import type { GpuTrainReply, GpuTrainRequest } from './gru-gpu-protocol';

export type GpuSupport =
  { usable: true; renderer: string } | { usable: false; why: string; renderer?: string };

/**
 * Whether a worker's WebGL2 has a hardware GPU behind it with float render targets (what tfjs's
 * webgl backend needs). A software rasteriser (SwiftShader, llvmpipe: what Chromium falls back to
 * without a GPU) runs the same graph far slower than the CPU worker, so it does not count.
 */
export function gpuSupport(): GpuSupport {
  try {
    if (typeof OffscreenCanvas === 'undefined' || typeof Worker === 'undefined')
      return { usable: false, why: 'no OffscreenCanvas or Worker' };
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { usable: false, why: 'no WebGL2' };
    if (!gl.getExtension('EXT_color_buffer_float'))
      return { usable: false, why: 'no float render targets' };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(
      info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    );
    if (isSoftwareRenderer(renderer)) return { usable: false, why: 'software WebGL', renderer };
    return { usable: true, renderer };
  } catch (e) {
    return { usable: false, why: (e as Error).message };
  }
}

export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(renderer);
}

/** base64 of bytes, in chunks (a spread of millions of arguments would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export type GpuTrainState =
  | { phase: 'idle' }
  | { phase: 'preparing' }
  | { phase: 'training'; done: number; line: string }
  | { phase: 'saving' }
  | { phase: 'done'; adopted: Adopted; seconds: number }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

/** What the worker sends back when it has trained. */
type Trained = Extract<GpuTrainReply, { type: 'done' }>;

/** The minimal Worker surface used (a real Worker, or a fake in tests). */
export type TrainWorker = Pick<Worker, 'postMessage' | 'terminate' | 'onmessage' | 'onerror'>;

export const makeTrainWorker = (): TrainWorker =>
  new Worker(new URL('./gru-gpu-worker.ts', import.meta.url), { type: 'module' });

export class GpuTraining {
  private current: GpuTrainState = { phase: 'idle' };
  private worker: TrainWorker | null = null;
  /** Settles the running `train` as cancelled. */
  private cancelled: (() => void) | null = null;

  constructor(
    private readonly api: Pick<EncoreApi, 'radio.trainingSet' | 'radio.adoptModel'>,
    private readonly onState: (state: GpuTrainState) => void,
    private readonly makeWorker: () => TrainWorker = makeTrainWorker,
  ) {}

  get state(): GpuTrainState {
    return this.current;
  }

  get running(): boolean {
    return ['preparing', 'training', 'saving'].includes(this.current.phase);
  }

  private set(state: GpuTrainState): void {
    this.current = state;
    this.onState(state);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.set({ phase: 'preparing' });
    try {
      const set = await this.api['radio.trainingSet']({});
      const trained = await this.train({
        itemCount: set.trackIds.length,
        sessions: set.sessions.map((s) => ({
          items: Int32Array.from(s.items),
          skipped: Uint8Array.from(s.skipped),
        })),
        config: set.config,
      });
      if (!trained) return;
      this.set({ phase: 'saving' });
      const adopted = await this.api['radio.adoptModel']({
        trackIds: set.trackIds,
        model: toBase64(trained.bytes),
        backend: trained.backend,
        trainSeconds: trained.seconds,
      });
      this.set({ phase: 'done', adopted, seconds: trained.seconds });
    } catch (e) {
      this.set({ phase: 'failed', message: (e as Error).message });
    }
  }

  cancel(): void {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    this.cancelled?.();
    this.cancelled = null;
    this.set({ phase: 'cancelled' });
  }

  /** Runs the worker; resolves to its model, or null when cancelled. */
  private train(request: GpuTrainRequest): Promise<Trained | null> {
    const worker = this.makeWorker();
    this.worker = worker;
    return new Promise((resolve, reject) => {
      const finish = () => {
        worker.terminate();
        this.worker = null;
        this.cancelled = null;
      };
      this.cancelled = () => resolve(null);
      worker.onmessage = (event: MessageEvent<GpuTrainReply>) => {
        const reply = event.data;
        if (reply.type === 'progress') {
          this.set({
            phase: 'training',
            done: reply.done,
            line: `epoch ${reply.epoch} of ${reply.epochs} · loss ${reply.loss.toFixed(3)}`,
          });
          return;
        }
        finish();
        if (reply.type === 'done') resolve(reply);
        else reject(new Error(reply.message));
      };
      worker.onerror = (event: ErrorEvent) => {
        finish();
        reject(new Error(event.message || 'The GPU training worker failed to start.'));
      };
      this.set({ phase: 'training', done: 0, line: 'starting the GPU…' });
      worker.postMessage(request);
    });
  }
}
