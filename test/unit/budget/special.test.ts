import { describe, expect, it } from 'vitest';
import { digammaLgamma, specialResults } from '../../../models/budget/passes';
import { digamma, gammaElboTerm, lgamma } from '../../../models/budget/special';

/** The textbook form: E_q[log Gamma(θ; a, b)] + the entropy of Gamma(shape, rate). */
function textbookTerm(a: number, b: number, shape: number, rate: number): number {
  const eLog = digamma(shape) - Math.log(rate);
  const mean = shape / rate;
  const logPrior = a * Math.log(b) - lgamma(a) + (a - 1) * eLog - b * mean;
  const entropy = shape - Math.log(rate) + lgamma(shape) + (1 - shape) * digamma(shape);
  return logPrior + entropy;
}

describe('gammaElboTerm', () => {
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
        const known = gammaElboTerm(
          a,
          b,
          a * Math.log(b) - lgamma(a),
          shape,
          Math.log(rate),
          mean,
          eLog,
          lgamma(shape),
        );
        const direct = textbookTerm(a, b, shape, rate);
        expect(Math.abs(known - direct)).toBeLessThan(1e-9 * Math.max(1, Math.abs(direct)));
      }
    }
  });
});

describe('digammaLgamma (the budget passes: one shared recurrence, Stirling for log Γ)', () => {
  it('agrees with digamma and the Lanczos log Γ to 1e-10 from tiny to large shapes', () => {
    for (const x of [1e-3, 0.05, 0.3, 0.31, 0.999, 1, 1.5, 2, 5.99, 6, 7.25, 30, 250, 1e4, 1e7]) {
      digammaLgamma(x);
      expect(Math.abs(specialResults.digamma - digamma(x)), `ψ(${x})`).toBeLessThan(1e-10);
      expect(Math.abs(specialResults.lgamma - lgamma(x)), `log Γ(${x})`).toBeLessThan(
        1e-10 * Math.max(1, Math.abs(lgamma(x))),
      );
    }
  });
});
