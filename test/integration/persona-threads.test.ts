// The persona factorisation as the app fits it: in the listener worker, its half-steps spread over
// ALS worker threads sharing the kernel's memory (fit-cg.ts, als-parallel.ts). Rows are independent
// and grams are summed in a fixed chunk order, so the model is the one a single thread fits.
import { describe, expect, it } from 'vitest';
import { PersonaModel } from '../../models/persona/model';
import { mulberry32 } from '../../models/random';
import { csrFromTriplets } from '../../models/sparse';
import { fitPersonasInWorker } from '../../src-main/training/listener-fit';
import { parallelHalfSteps } from '../../src-main/training/als-parallel';

function mixedTastes(rows: number, items: number) {
  const random = mulberry32(21);
  const [r, c, v]: [number[], number[], number[]] = [[], [], []];
  for (let u = 0; u < rows; u++) {
    const tastes = [Math.floor(random() * 4), Math.floor(random() * 4)];
    for (let j = 0; j < 20; j++) {
      const taste = tastes[j % 2]!;
      r.push(u);
      c.push(taste * (items / 4) + Math.floor(random() * (items / 4)));
      v.push(1 + Math.floor(random() * 30));
    }
  }
  return csrFromTriplets(rows, items, r, c, v);
}

describe('personas over worker threads', () => {
  const matrix = mixedTastes(300, 200);
  const params = { personas: 3, factors: 12, iterations: 8, lambda: 0.1 };

  it('give, in the listener worker and over 2 threads here, the model one thread gives', async () => {
    const alone = new PersonaModel(params);
    await alone.fit(matrix);
    const inWorker = await fitPersonasInWorker(matrix, { ...alone.params });
    expect(Buffer.from(inWorker.toBytes()).equals(Buffer.from(alone.toBytes()))).toBe(true);

    const parallel = parallelHalfSteps(2);
    try {
      const split = new PersonaModel(params);
      const progress: number[] = [];
      await split.fit(matrix, {
        halfStep: parallel.halfStep,
        alloc: parallel.alloc,
        threads: 2,
        onProgress: (p) => progress.push(p.iteration),
      });
      expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(Buffer.from(split.toBytes()).equals(Buffer.from(alone.toBytes()))).toBe(true);
    } finally {
      await parallel.close();
    }
  });

  it('runs the JavaScript kernel over shared memory the same way', async () => {
    const alone = new PersonaModel(params);
    await alone.fit(matrix, { kernel: 'js' });
    const parallel = parallelHalfSteps(2);
    try {
      const split = new PersonaModel(params);
      await split.fit(matrix, {
        kernel: 'js',
        halfStep: parallel.halfStep,
        alloc: parallel.alloc,
        threads: 2,
      });
      expect(Buffer.from(split.toBytes()).equals(Buffer.from(alone.toBytes()))).toBe(true);
    } finally {
      await parallel.close();
    }
  });
});
