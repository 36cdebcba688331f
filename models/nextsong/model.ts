import type { Session } from './sessions';
import type { GruStepHelper } from './gru/parallel';
import type { GruKernelName } from './gru/trainer';

export interface FitProgress {
  epoch: number;
  epochs: number;
  /** Mean training loss of the epoch so far (models without a loss report 0). */
  loss: number;
  /** Share of the fit done, 0 … 1. */
  done: number;
  /** HR@20 on held-out sessions after the last finished epoch, where the fit has some. */
  validationHr20?: number;
}

export interface FitOptions {
  onProgress?: (progress: FitProgress) => void;
  signal?: AbortSignal;
  /** Called after each training epoch with the model so far (per-epoch validation, say). */
  onEpoch?: (epoch: number, model?: NextSongModel) => void | Promise<void>;
  /** A second thread for the GRU's batches (gru/parallel.ts); other models ignore it. */
  gruHelper?: GruStepHelper;
  /** Where the GRU trainer's products run (gru/trainer.ts); default 'wasm' where it validates. */
  gruKernel?: GruKernelName;
}

/**
 * The one surface every next-song model shares (STYLE.md §9): fit on training sessions, score
 * every item as the next one after a prefix, and round-trip through bytes.
 */
export interface NextSongModel {
  readonly kind: string;
  readonly itemCount: number;
  fit(sessions: readonly Session[], options?: FitOptions): Promise<void>;
  /** Scores over all items (higher = more likely next) given the plays so far, oldest first. */
  scoreNext(prefix: Int32Array): Float32Array;
  toBytes(): Uint8Array;
}

/** Throws the standard AbortError when the signal has fired (checked between work units). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error
      ? signal.reason
      : new DOMException('Aborted', 'AbortError');
  }
}

/** Lets the event loop breathe (progress messages, cancel) between epochs or batches. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
