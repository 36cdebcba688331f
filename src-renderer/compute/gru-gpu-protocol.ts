// Messages between the renderer and the GPU training worker (./gru-gpu-worker.ts).
import type { GruConfig } from '../../models/nextsong/gru/params';

export interface GpuTrainRequest {
  itemCount: number;
  /** Sessions as dense item numbers; `skipped` 1 where the play was skipped. */
  sessions: { items: Int32Array; skipped: Uint8Array }[];
  config: Partial<GruConfig>;
}

export type GpuTrainReply =
  | { type: 'progress'; epoch: number; epochs: number; loss: number; done: number }
  | { type: 'done'; bytes: Uint8Array; backend: string; epochLoss: number[]; seconds: number }
  | { type: 'error'; message: string };
