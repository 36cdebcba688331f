import { describe, expect, it } from 'vitest';
import { digamma, gammaElboTermKnown, lgamma } from '../../../models/budget/special';

/** The textbook form: E_q[log Gamma(θ; a, b)] + the entropy of Gamma(shape, rate). */
function gammaElboTerm(a: number, b: number, shape: number, rate: number): number {
  const eLog = digamma(shape) - Math.log(rate);
  const mean = shape / rate;
  const logPrior = a * Math.log(b) - lgamma(a) + (a - 1) * eLog - b * mean;
  const entropy = shape - Math.log(rate) + lgamma(shape) + (1 - shape) * digamma(shape);
  return logPrior + entropy;
}

describe('gammaElboTermKnown', () => {
  it('equals the textbook Gamma ELBO term, given the mean and E[log θ] the fit already holds', () => {
    for (const [a, b] of [
      [0.3, 0.3],
      [1, 0.1],
      [2.5, 4],
    ] as const) {
      for (const [shape, rate] of [
        [0.31, 0.29],
        [1.7, 12],
        [250, 3.5],
        [0.05, 1e-3],
      ] as const) {
        const mean = shape / rate;
        const eLog = digamma(shape) - Math.log(rate);
        const known = gammaElboTermKnown(
          a,
          b,
          a * Math.log(b) - lgamma(a),
          shape,
          rate,
          mean,
          eLog,
        );
        const direct = gammaElboTerm(a, b, shape, rate);
        expect(Math.abs(known - direct)).toBeLessThan(1e-9 * Math.max(1, Math.abs(direct)));
      }
    }
  });
});
