/**
 * Special functions for Gamma variational families: log Γ (Lanczos, g = 7, n = 9; ~15 digits) and the
 * digamma ψ (recurrence up to x ≥ 6, then the asymptotic series). Both for x > 0.
 */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

export function digamma(x: number): number {
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return (
    result +
    Math.log(x) -
    0.5 / x -
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))))
  );
}

/**
 * E_q[log p(θ)] − E_q[log q(θ)] for θ ~ q = Gamma(shape, rate) under the prior Gamma(a, b): the
 * contribution of one Gamma variable to the ELBO. E[θ] (`mean`), E[log θ] (`eLog`), log(rate) and
 * log Γ(shape) come from the fit, which takes them for its updates anyway, and the prior's
 * a·log b − log Γ(a) is `priorConst`: no special function here.
 */
export function gammaElboTerm(
  a: number,
  b: number,
  priorConst: number,
  shape: number,
  logRate: number,
  mean: number,
  eLog: number,
  lgammaShape: number,
): number {
  const logPrior = priorConst + (a - 1) * eLog - b * mean;
  // digamma(shape) = E[log θ] + log(rate).
  const entropy = shape - logRate + lgammaShape + (1 - shape) * (eLog + logRate);
  return logPrior + entropy;
}
