// tfjs-node is an optional dependency that cannot be installed here; its loader is tested with
// stand-ins for the two packages, the "GPU build" being the real @tensorflow/tfjs on its cpu backend
// (the same ops tfjs-node implements natively), so the fitter trains a real GRU.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fitSelectedBlend, type GruFitter } from '../../../models/nextsong/blend-fit';
import { GruModel } from '../../../models/nextsong/gru/model';
import {
  gpuGruFitter,
  loadNativeTf,
  nativeGruFitter,
  type Importer,
} from '../../../src-main/training/native-tf';
import { runSessions } from './planted-sessions';

/** tfjs with `tensorflow` (tfjs-node's backend) answered by the cpu backend. */
const standIn = {
  ...tf,
  setBackend: (name: string) => tf.setBackend(name === 'tensorflow' ? 'cpu' : name),
} as unknown as typeof tf;

const installed =
  (packages: Record<string, unknown>): Importer =>
  (name) =>
    name in packages
      ? Promise.resolve(packages[name])
      : Promise.reject(new Error(`Cannot find package '${name}'`));

describe('tfjs-node, when installed', () => {
  it('is absent when neither package loads, and then the CPU trainer runs', async () => {
    expect(await loadNativeTf(installed({}))).toBeNull();
    expect(await gpuGruFitter(installed({}))).toBeNull();
  });

  it('skips a package that loads without its native backend', async () => {
    const broken = { ...tf, setBackend: () => Promise.resolve(false) };
    expect(await loadNativeTf(installed({ '@tensorflow/tfjs-node-gpu': broken }))).toBeNull();
  });

  it('finds the CPU build but does not train with it', async () => {
    const native = await loadNativeTf(installed({ '@tensorflow/tfjs-node': standIn }));
    expect(native).toMatchObject({ name: '@tensorflow/tfjs-node', gpu: false });
    expect(await gpuGruFitter(installed({ '@tensorflow/tfjs-node': standIn }))).toBeNull();
  });

  it('prefers the CUDA build, as a default export too, and trains the GRU with it', async () => {
    const load = installed({
      '@tensorflow/tfjs-node-gpu': { default: standIn },
      '@tensorflow/tfjs-node': standIn,
    });
    const native = await loadNativeTf(load);
    expect(native).toMatchObject({ name: '@tensorflow/tfjs-node-gpu', gpu: true });
    const fit = nativeGruFitter(native!);
    const sessions = runSessions(24, 3, 20);
    const epochs: number[] = [];
    const model = await fit(
      sessions,
      20,
      { units: 8, epochs: 2, batchSize: 8, negatives: 8 },
      {
        onEpoch: (epoch) => {
          epochs.push(epoch);
        },
      },
    );
    expect(model).toBeInstanceOf(GruModel);
    expect(epochs).toEqual([1, 2]);
    expect(model.scoreNext(Int32Array.of(1, 2)).length).toBe(20);
  });

  it('is the blend’s trainer for fresh GRUs when given', async () => {
    const calls: number[] = [];
    const counting: GruFitter = async (sessions, itemCount, config, options) => {
      calls.push(sessions.length);
      const gru = new GruModel(itemCount, config);
      await gru.fit(sessions, options);
      return gru;
    };
    const sessions = runSessions(40, 4, 20);
    await fitSelectedBlend(sessions, 20, {
      gru: { units: 8, epochs: 1, batchSize: 8, negatives: 8 },
      fitGru: counting,
    });
    // The GRU the weights are chosen with (the earlier 80 %), then the refit on all.
    expect(calls).toEqual([32, 40]);
  });
});
