import { describe, expect, it } from 'vitest';
import {
  gramOf,
  gramWithout,
  solveOwnedPersonas,
  solvePersonas,
} from '../../../models/persona/fit';
import { mulberry32 } from '../../../models/random';
import { ROW_GRAM_MIN } from '../../../models/wasm/row-gram';

describe('solveOwnedPersonas', () => {
  it('gives every persona the vector solvePersonas gives it under hard assignment', () => {
    const random = mulberry32(11);
    const [items, k, P] = [60, 8, 3];
    const Y = Float32Array.from({ length: items * k }, () => random() - 0.5);
    const gram = gramOf(Y, items, k, 0.5);
    const row = [3, 7, 8, 15, 22, 23, 40, 41, 42, 59];
    const confidence = Float64Array.from(row, () => 1 + 4 * random());
    const owner = Int32Array.from(row, (_, q) => q % P);
    const W = new Float32Array(row.length * P);
    owner.forEach((p, q) => (W[q * P + p] = 1));

    const expected = new Float32Array(P * k);
    solvePersonas(Y, gram, row, confidence, W, 0, P, k, expected, 0);
    const got = new Float32Array(P * k);
    solveOwnedPersonas(Y, gramWithout(Y, gram, row, k), row, confidence, owner, P, k, got);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
  });

  it('gives the same vectors for a long history, whose sums run in the WebAssembly kernel', () => {
    const random = mulberry32(12);
    const [items, k, P] = [40_000, 16, 3];
    const Y = Float32Array.from({ length: items * k }, () => (random() - 0.5) * 0.3);
    const gram = gramOf(Y, items, k, 0.5);
    const row = Array.from({ length: 30_000 }, (_, q) => q + 5_000);
    expect(row.length).toBeGreaterThanOrEqual(ROW_GRAM_MIN);
    const confidence = Float64Array.from(row, () => 1 + 4 * random());
    const owner = Int32Array.from(row, (_, q) => (q * 7) % P);
    const W = new Float32Array(row.length * P);
    owner.forEach((p, q) => (W[q * P + p] = 1));
    const expected = new Float32Array(P * k);
    solvePersonas(Y, gram, row, confidence, W, 0, P, k, expected, 0);
    const got = new Float32Array(P * k);
    solveOwnedPersonas(Y, gramWithout(Y, gram, row, k), row, confidence, owner, P, k, got);
    let worst = 0;
    let largest = 0;
    got.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - expected[i]!));
      largest = Math.max(largest, Math.abs(expected[i]!));
    });
    expect(worst / largest).toBeLessThan(1e-3);
  });
});
