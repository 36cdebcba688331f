import { describe, expect, it } from 'vitest';
import { gramOf, gramWithout, solveOwnedPersonas } from '../../../models/persona/fit';
import { FollowingPersonas } from '../../../models/persona/following';
import { mulberry32 } from '../../../models/random';

const k = 6;
const P = 3;
const confidence = (n: number) => 1 + 2 * Math.log1p(n);

/** The persona vectors solved from scratch for this history and these owners. */
function solved(Y: Float32Array, gram: Float64Array, history: Map<number, [number, number]>) {
  const items = [...history.keys()];
  const conf = items.map((c) => confidence(history.get(c)![0]));
  const owner = Int32Array.from(items, (c) => history.get(c)![1]);
  const out = new Float32Array(P * k);
  solveOwnedPersonas(Y, gramWithout(Y, gram, items, k), items, conf, owner, P, k, out);
  return out;
}

describe('FollowingPersonas', () => {
  it('follows more plays, first plays and plays taken back as solving afresh would', () => {
    const random = mulberry32(5);
    const Y = Float32Array.from({ length: 200 * k }, () => random() - 0.5);
    const gram = gramOf(Y, 200, k, 0.1);
    // item → [count, owner]
    const history = new Map<number, [number, number]>();
    for (let c = 0; c < 200; c += 5) history.set(c, [1 + (c % 4), c % P]);
    const items = [...history.keys()];
    const personas = new FollowingPersonas(
      { Y, k, gram, confidence },
      items,
      items.map((c) => history.get(c)![0]),
      Int32Array.from(items, (c) => history.get(c)![1]),
      P,
    );
    const expectSame = () =>
      solved(Y, gram, history).forEach((v, i) => expect(personas.X[i]).toBeCloseTo(v, 5));
    expectSame();

    // More plays of an owned item: its owner keeps it.
    expect(personas.setCount(10, 7)).toBe(history.get(10)![1]);
    history.set(10, [7, history.get(10)![1]]);
    expectSame();
    // A first play: the persona scoring it highest takes it.
    const best = personas.best(11);
    expect(personas.setCount(11, 1)).toBe(best);
    history.set(11, [1, best]);
    expectSame();
    expect(personas.ownerOf(11)).toBe(best);
    // Its plays taken back: it leaves the history and every system.
    expect(personas.setCount(15, 0)).toBeUndefined();
    history.delete(15);
    expectSame();
    expect(personas.ownerOf(15)).toBeUndefined();
    // A zero count for an item never played changes nothing.
    const before = Float32Array.from(personas.X);
    personas.setCount(199, 0);
    expect([...personas.X]).toEqual([...before]);
  });
});
