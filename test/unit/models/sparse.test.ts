import { describe, expect, it } from 'vitest';
import { csrFromTriplets, nnz, rowItems, sliceRows, transpose } from '../../../models/sparse';

describe('sparse matrices', () => {
  it('sums repeated (row, col) triplets, as repeated plays of one track add up', () => {
    const m = csrFromTriplets(2, 3, [0, 1, 0, 0], [2, 0, 2, 1], [1, 5, 2, 4]);
    expect(nnz(m)).toBe(3);
    expect(Array.from(rowItems(m, 0).items)).toEqual([1, 2]);
    expect(Array.from(rowItems(m, 0).values)).toEqual([4, 3]);
    expect(Array.from(rowItems(m, 1).values)).toEqual([5]);
  });

  it('keeps columns ascending within each row whatever the triplet order', () => {
    const m = csrFromTriplets(1, 5, [0, 0, 0, 0], [4, 0, 3, 1], [1, 1, 1, 1]);
    expect(Array.from(m.indices)).toEqual([0, 1, 3, 4]);
  });

  it('refuses a triplet outside the matrix and names it', () => {
    expect(() => csrFromTriplets(2, 2, [0, 2], [0, 0], [1, 1])).toThrow(/triplet 1 \(2, 0\)/);
  });

  it('transposes to the by-column view and back', () => {
    const m = csrFromTriplets(3, 4, [0, 0, 1, 2, 2], [1, 3, 0, 1, 2], [1, 2, 3, 4, 5]);
    const t = transpose(m);
    expect(t.rows).toBe(4);
    expect(Array.from(rowItems(t, 1).items)).toEqual([0, 2]);
    expect(Array.from(rowItems(t, 1).values)).toEqual([1, 4]);
    const back = transpose(t);
    expect(Array.from(back.indptr)).toEqual(Array.from(m.indptr));
    expect(Array.from(back.indices)).toEqual(Array.from(m.indices));
    expect(Array.from(back.data)).toEqual(Array.from(m.data));
  });

  it('slices a range of rows into a matrix of its own', () => {
    const m = csrFromTriplets(3, 4, [0, 1, 1, 2], [0, 1, 2, 3], [1, 2, 3, 4]);
    const s = sliceRows(m, 1, 3);
    expect(s.rows).toBe(2);
    expect(Array.from(s.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(s.indices)).toEqual([1, 2, 3]);
  });
});
