/**
 * Data-parallel GRU training (issue 6: training time): a second thread runs one half of every
 * batch's lanes with its own GruTrainer over the same parameters in shared memory, while the
 * model's own trainer runs the other half; the halves' gradients are summed (GruTrainer.absorb)
 * and one Adam step applied. The thread itself belongs to the host (src-main/training/
 * gru-threads.ts, a worker thread); this file is the contract, so models/ stays free of it.
 */
import { WeightedSampler } from '../../random';
import type { Session } from '../sessions';
import { Adam } from './adam';
import type { GruConfig, GruParams } from './params';
import { GruTrainer, newGradients, type GruKernelName, type TrainerGradients } from './trainer';

export interface GruStepHelper {
  /**
   * Starts a training run over `params` (their arrays in SharedArrayBuffers); resolves to the
   * helper trainer's gradient buffers, in shared memory too.
   */
  begin(params: GruParams, config: GruConfig, kernel?: GruKernelName): Promise<TrainerGradients>;
  /** Lanes [from, to) of `batch`, as GruTrainer.stepLanes; resolves when its gradients are in. */
  step(
    batch: readonly Session[],
    negatives: Int32Array,
    from: number,
    to: number,
  ): Promise<{ loss: number; events: number; touched: Int32Array }>;
  /** Ends the run (the thread may be reused or stopped). */
  end(): void;
}

/** `p` with every array moved into a SharedArrayBuffer (tied embeddings stay one array). */
export function shareParams(p: GruParams): GruParams {
  const share = (a: Float32Array) => {
    const out = new Float32Array(new SharedArrayBuffer(4 * a.length));
    out.set(a);
    return out;
  };
  const inEmb = share(p.inEmb);
  return {
    ...p,
    wx: share(p.wx),
    wh: share(p.wh),
    bx: share(p.bx),
    bh: share(p.bh),
    inEmb,
    outEmb: p.outEmb === p.inEmb ? inEmb : share(p.outEmb),
    outBias: share(p.outBias),
  };
}

/**
 * The helper's side of a run, in the same thread: the reference the worker-thread helper follows
 * (its worker runs exactly this), and a way to test the split without threads.
 */
export class HelperTrainer {
  readonly gradients: TrainerGradients;
  private readonly trainer: GruTrainer;

  constructor(params: GruParams, config: GruConfig, kernel: GruKernelName = 'wasm') {
    this.gradients = newGradients(params, true);
    // No optimiser and no sampler: the model's own trainer draws the negatives and steps Adam.
    this.trainer = new GruTrainer(
      params,
      config,
      new Adam(0),
      new WeightedSampler([1]),
      () => 0,
      this.gradients,
      kernel,
    );
  }

  step(batch: readonly Session[], negatives: Int32Array, from: number, to: number) {
    const [loss, events] = this.trainer.stepLanes(batch, negatives, from, to);
    return { loss, events, touched: this.trainer.takeTouched() };
  }
}

/** A GruStepHelper that runs the second half in this thread (tests; no speed-up). */
export function inThreadHelper(): GruStepHelper {
  let helper: HelperTrainer | null = null;
  return {
    begin: (params, config, kernel) => {
      helper = new HelperTrainer(params, config, kernel);
      return Promise.resolve(helper.gradients);
    },
    step: (batch, negatives, from, to) => Promise.resolve(helper!.step(batch, negatives, from, to)),
    end: () => {
      helper = null;
    },
  };
}
