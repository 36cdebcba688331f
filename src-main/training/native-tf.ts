/**
 * tfjs-node, when the user has installed it (an optional dependency: its install downloads
 * libtensorflow, which fails quietly where that cannot be fetched, and then it is simply absent).
 * `@tensorflow/tfjs-node-gpu` (CUDA) trains the radio's GRU on the GPU with the same model code as
 * the renderer's WebGL path (models/nextsong/gpu/gru-tf.ts); the CPU build is found but not used
 * for training by default: the hand-written GRU with its WebAssembly kernel trains the Last.fm
 * export's 10 epochs in 6 s on two threads (docs/nextsong.md), and tfjs-node could not be installed
 * here to measure it against that. `npm run bench -- nextsong` reports its rate where it is.
 */
import type { TfModule } from '../../models/nextsong/gpu/gru-tf';
import { trainGruTf } from '../../models/nextsong/gpu/gru-tf';
import type { GruFitter } from '../../models/nextsong/blend-fit';
import { GruModel } from '../../models/nextsong/gru/model';

export const NATIVE_TF_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
export type NativeTfName = (typeof NATIVE_TF_PACKAGES)[number];

export interface NativeTf {
  name: NativeTfName;
  tf: TfModule;
  /** The CUDA build. */
  gpu: boolean;
}

/** Loads a module by name; a variable, so the bundler leaves optional packages alone. */
export type Importer = (name: string) => Promise<unknown>;
const importByName: Importer = (name) => import(/* @vite-ignore */ name);

/**
 * The first of NATIVE_TF_PACKAGES that loads (the GPU build first), with its `tensorflow` backend
 * selected; null when none is installed or none loads (a missing libtensorflow or CUDA library).
 */
export async function loadNativeTf(load: Importer = importByName): Promise<NativeTf | null> {
  for (const name of NATIVE_TF_PACKAGES) {
    try {
      const loaded = (await load(name)) as TfModule & { default?: TfModule };
      const tf = typeof loaded.setBackend === 'function' ? loaded : loaded.default;
      if (!tf || typeof tf.setBackend !== 'function') continue;
      if (!(await tf.setBackend('tensorflow'))) continue;
      return { name, tf, gpu: name === '@tensorflow/tfjs-node-gpu' };
    } catch {
      // Not installed, or installed without its native library: try the next, then the CPU GRU.
    }
  }
  return null;
}

/** Trains a fresh GRU with tfjs on `native`'s backend; the result is the CPU model's bytes. */
export function nativeGruFitter(native: NativeTf): GruFitter {
  return async (sessions, itemCount, config, options) => {
    const { bytes } = await trainGruTf(native.tf, itemCount, sessions, config, options);
    return GruModel.fromBytes(bytes);
  };
}

/** The fitter the radio's training uses: tfjs-node's CUDA build when it loads, else none (CPU). */
export async function gpuGruFitter(load: Importer = importByName): Promise<GruFitter | null> {
  const native = await loadNativeTf(load);
  return native?.gpu ? nativeGruFitter(native) : null;
}
