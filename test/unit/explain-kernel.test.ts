// Explanations of many items against a long history run their products in the WebAssembly
// kernel (als-exact.ts explainChunk, from KERNEL_DOTS products), and the history's system its
// outer products (rowSystem, from ROW_GRAM_MIN items): they must be the scalar ones.
import { describe, expect, it } from 'vitest';
import {
  explainChunk,
  explainFactored,
  factorRow,
  KERNEL_DOTS,
  rowSystem,
} from '../../models/als-exact';
import { ROW_GRAM_MIN } from '../../models/wasm/row-gram';
import { mulberry32 } from '../../models/random';
import { denseDots } from '../../models/wasm/gru-kernel';

describe('explanations in the WebAssembly kernel', () => {
  const k = 24;
  const itemsTotal = 30_000;
  const random = mulberry32(8);
  const Y = Float32Array.from({ length: itemsTotal * k }, () => (random() - 0.5) * 0.4);
  const gram = new Float64Array(k * k);
  for (let i = 0; i < itemsTotal; i++)
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) gram[a * k + b]! += Y[i * k + a]! * Y[i * k + b]!;
  for (let a = 0; a < k; a++) gram[a * k + a]! += 0.1;
  const history = Int32Array.from({ length: 20_000 }, (_, q) => (q * 7) % itemsTotal);
  const weights = Float64Array.from(history, () => Math.log1p(1 + random() * 50));
  const targets = [3, 99, 1234, 29_999, 15_000, 7, 42, 8_000, 555, 21_212, 1];

  it('computes plain dot products, rows gathered by index', () => {
    const a = Float32Array.from({ length: 2 * k }, () => random() - 0.5);
    const rows = [5, 0, 17];
    const out = denseDots(a, 2, Y, rows, k)!;
    rows.forEach((r, q) => {
      for (let i = 0; i < 2; i++) {
        let s = 0;
        for (let f = 0; f < k; f++) s += a[i * k + f]! * Y[r * k + f]!;
        expect(out[i * rows.length + q]).toBeCloseTo(s, 5);
      }
    });
  });

  it('gives the scalar explanation of every target, to float32 rounding', () => {
    expect(history.length * targets.length).toBeGreaterThanOrEqual(KERNEL_DOTS);
    const { L } = factorRow(Y, k, gram, history, weights);
    const chunk = explainChunk(L, Y, k, history, weights, targets);
    targets.forEach((t, i) => {
      const scalar = explainFactored(L, Y, k, history, weights, t);
      expect(chunk.scores[i]).toBeCloseTo(scalar.score, 4);
      let worst = 0;
      let largest = 0;
      for (let q = 0; q < history.length; q++) {
        worst = Math.max(worst, Math.abs(chunk.contributions[i]![q]! - scalar.contributions[q]!));
        largest = Math.max(largest, Math.abs(scalar.contributions[q]!));
      }
      expect(worst / largest).toBeLessThan(1e-5);
    });
  });

  it('builds a long history’s system with Σ w y yᵀ in the kernel, as the scalar sum', () => {
    expect(history.length).toBeGreaterThanOrEqual(ROW_GRAM_MIN);
    const { A } = rowSystem(Y, k, gram, history, weights);
    const expected = Float64Array.from(gram);
    history.forEach((item, q) => {
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++)
          expected[a * k + b]! += weights[q]! * Y[item * k + a]! * Y[item * k + b]!;
    });
    let worst = 0;
    let largest = 0;
    expected.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(A[i]! - v));
      largest = Math.max(largest, Math.abs(v));
    });
    expect(worst / largest).toBeLessThan(1e-5);
  });
});
