import { analyzeComparisonGraph } from "./connectivity";
import { choleskyInPlace, choleskySolve } from "./linear-algebra";
import { comparisonMatrices, type ComparisonMatrices, type PairCounts } from "./pair-counts";
import { resolveScale, strengthsToRatings } from "./scale";
import type { RatingAnchor, RatingFlag, RatingScale } from "./types";

/**
 * Weak prior used only to keep ratings finite (docs/decisions/010-ratings-prior.md): every model also plays
 * `virtualTies` tied votes against a virtual opponent of strength λ = 0 (the centre), as BayesElo does.
 */
export interface BradleyTerryPrior {
  virtualTies: number;
  /**
   * `when-needed` (default): exact MLE whenever it exists, prior only when some model would go to ±∞.
   * `always`: always add the prior. `never`: throw when the MLE does not exist.
   */
  apply: "when-needed" | "always" | "never";
}

export const DEFAULT_PRIOR: BradleyTerryPrior = { virtualTies: 1, apply: "when-needed" };

export interface BradleyTerryOptions extends Partial<RatingScale> {
  anchor?: RatingAnchor;
  prior?: Partial<BradleyTerryPrior>;
  /** Stop when the largest Newton step in λ is at most this (default 1e-12). */
  tolerance?: number;
  maxIterations?: number;
  /** Warm start (λ); the bootstrap starts every round from the full-data fit. */
  initialStrengths?: ArrayLike<number>;
}

export interface BradleyTerryFit {
  /** On the rating scale (mean `init`, or the anchor pinned). */
  ratings: Float64Array;
  /** Natural-log strengths λ as solved (sum zero when no prior was needed). */
  strengths: Float64Array;
  flags: RatingFlag[][];
  mleExists: boolean;
  priorApplied: boolean;
  iterations: number;
  converged: boolean;
  /** Largest |∂ log-likelihood / ∂λ_i| at the solution (votes per unit λ). */
  maxAbsGradient: number;
  logLikelihood: number;
}

export class MleDoesNotExistError extends Error {
  constructor(readonly flags: RatingFlag[][]) {
    const flagged = flags.flatMap((f, i) => (f.length > 0 ? [`${i} (${f.join(", ")})`] : []));
    super(`the Bradley-Terry MLE does not exist (models ${flagged.join("; ")}); allow the prior to keep ratings finite`);
    this.name = "MleDoesNotExistError";
  }
}

/** Scratch arrays reused across bootstrap rounds. */
export interface NewtonWorkspace {
  hessian: Float64Array;
  gradient: Float64Array;
  step: Float64Array;
  trial: Float64Array;
}

export function createNewtonWorkspace(modelCount: number): NewtonWorkspace {
  return {
    hessian: new Float64Array(modelCount * modelCount),
    gradient: new Float64Array(modelCount),
    step: new Float64Array(modelCount),
    trial: new Float64Array(modelCount),
  };
}

export interface NewtonResult {
  iterations: number;
  converged: boolean;
  maxAbsGradient: number;
  logLikelihood: number;
}

/** Largest Newton step in λ (e^10 in odds); longer ones are scaled down before the line search. */
const MAX_STEP = 10;

/** log σ(x), stable for large |x|. */
export function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

function logLikelihood(matrices: ComparisonMatrices, virtualTies: number, strengths: Float64Array): number {
  const { modelCount: K, score } = matrices;
  let total = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const sij = score[i * K + j];
      const sji = score[j * K + i];
      if (sij === 0 && sji === 0) continue;
      const difference = strengths[i] - strengths[j];
      total += sij * logSigmoid(difference) + sji * logSigmoid(-difference);
    }
    if (virtualTies > 0) total += 0.5 * virtualTies * (logSigmoid(strengths[i]) + logSigmoid(-strengths[i]));
  }
  return total;
}

/** Gradient of the log-likelihood and the negative Hessian (a weighted graph Laplacian, plus the prior). */
function gradientAndHessian(matrices: ComparisonMatrices, virtualTies: number, strengths: Float64Array, work: NewtonWorkspace): void {
  const { modelCount: K, battles, score } = matrices;
  const { gradient, hessian } = work;
  hessian.fill(0);
  for (let i = 0; i < K; i++) {
    let scored = 0;
    for (let j = 0; j < K; j++) scored += score[i * K + j];
    gradient[i] = scored;
  }
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const n = battles[i * K + j];
      if (n === 0) continue;
      const p = 1 / (1 + Math.exp(strengths[j] - strengths[i]));
      gradient[i] -= n * p;
      gradient[j] -= n * (1 - p);
      const weight = n * p * (1 - p);
      hessian[i * K + j] -= weight;
      hessian[j * K + i] -= weight;
      hessian[i * K + i] += weight;
      hessian[j * K + j] += weight;
    }
    if (virtualTies > 0) {
      const p = 1 / (1 + Math.exp(-strengths[i]));
      gradient[i] += virtualTies * (0.5 - p);
      hessian[i * K + i] += virtualTies * p * (1 - p);
    }
  }
}

/**
 * Newton's method on the concave log-likelihood, in place on `strengths`. Without a prior the gauge is fixed
 * by the sum-zero constraint: solving (H + 11ᵀ)·δ = g keeps Σλ unchanged (DESIGN §10). Backtracking guards
 * the first steps from far away; in the quadratic regime full steps are taken, since comparing
 * log-likelihoods there only measures rounding.
 */
export function newtonBradleyTerry(
  matrices: ComparisonMatrices,
  virtualTies: number,
  strengths: Float64Array,
  work: NewtonWorkspace,
  tolerance: number,
  maxIterations: number,
): NewtonResult {
  const K = matrices.modelCount;
  const { hessian, gradient, step, trial } = work;
  let iterations = 0;
  let converged = false;
  let previousStep = Number.POSITIVE_INFINITY;
  let current = logLikelihood(matrices, virtualTies, strengths);
  while (iterations < maxIterations) {
    iterations += 1;
    gradientAndHessian(matrices, virtualTies, strengths, work);
    if (virtualTies === 0) {
      // Any c > 0 in (H + c·11ᵀ) gives the same step; c of the Hessian's own size keeps it well conditioned.
      let trace = 0;
      for (let i = 0; i < K; i++) trace += hessian[i * K + i];
      const gauge = trace / K;
      for (let e = 0; e < K * K; e++) hessian[e] += gauge;
    }
    if (!choleskyInPlace(hessian, K)) {
      throw new RangeError("Bradley-Terry Hessian is singular: the comparison graph is not connected");
    }
    choleskySolve(hessian, K, gradient, step);
    let largest = 0;
    for (let i = 0; i < K; i++) largest = Math.max(largest, Math.abs(step[i]));
    if (largest > MAX_STEP) {
      // Far from the optimum the sigmoids saturate and Newton overshoots wildly; cap the step first.
      for (let i = 0; i < K; i++) step[i] *= MAX_STEP / largest;
      largest = MAX_STEP;
    }
    let slope = 0;
    for (let i = 0; i < K; i++) slope += gradient[i] * step[i];
    let fraction = 1;
    if (largest > 1e-4) {
      for (let halvings = 0; halvings < 60; halvings++) {
        for (let i = 0; i < K; i++) trial[i] = strengths[i] + fraction * step[i];
        const candidate = logLikelihood(matrices, virtualTies, trial);
        if (candidate >= current + 1e-4 * fraction * slope) {
          current = candidate;
          break;
        }
        fraction *= 0.5;
      }
    }
    for (let i = 0; i < K; i++) strengths[i] += fraction * step[i];
    const taken = fraction * largest;
    if (taken <= tolerance) {
      converged = true;
      break;
    }
    // Steps that stop shrinking below 1e-9 have reached the rounding floor of the sums.
    if (taken < 1e-9 && taken > 0.5 * previousStep) {
      converged = true;
      break;
    }
    previousStep = taken;
    if (largest <= 1e-4) current = logLikelihood(matrices, virtualTies, strengths);
  }
  gradientAndHessian(matrices, virtualTies, strengths, work);
  let maxAbsGradient = 0;
  for (let i = 0; i < K; i++) maxAbsGradient = Math.max(maxAbsGradient, Math.abs(gradient[i]));
  return { iterations, converged, maxAbsGradient, logLikelihood: logLikelihood(matrices, virtualTies, strengths) };
}

export function resolvePrior(prior: Partial<BradleyTerryPrior> = {}): BradleyTerryPrior {
  const resolved = { ...DEFAULT_PRIOR, ...prior };
  if (!(resolved.virtualTies > 0) || !Number.isFinite(resolved.virtualTies)) {
    throw new RangeError(`prior.virtualTies must be a positive number, got ${resolved.virtualTies}`);
  }
  return resolved;
}

/** Fit on matrices already built (the bootstrap's entry point); `strengths` is the warm start and the output. */
export function fitMatrices(
  matrices: ComparisonMatrices,
  prior: BradleyTerryPrior,
  strengths: Float64Array,
  work: NewtonWorkspace,
  tolerance: number,
  maxIterations: number,
): NewtonResult & { mleExists: boolean; priorApplied: boolean; flags: RatingFlag[][] } {
  const analysis = analyzeComparisonGraph(matrices);
  const priorApplied = prior.apply === "always" || !analysis.mleExists;
  if (!analysis.mleExists && prior.apply === "never") throw new MleDoesNotExistError(analysis.flags);
  if (!priorApplied) {
    // Without the prior only differences are identified; start (and so stay) at sum zero.
    let mean = 0;
    for (let i = 0; i < strengths.length; i++) mean += strengths[i];
    mean /= strengths.length;
    for (let i = 0; i < strengths.length; i++) strengths[i] -= mean;
  }
  const result = newtonBradleyTerry(matrices, priorApplied ? prior.virtualTies : 0, strengths, work, tolerance, maxIterations);
  return { ...result, mleExists: analysis.mleExists, priorApplied, flags: analysis.flags };
}

/**
 * Bradley-Terry maximum likelihood (ties = half a win each way) on the rating scale, solved by Newton to
 * ~1e-12 in λ. Models whose MLE would be infinite are flagged and kept finite by a weak prior.
 */
export function fitBradleyTerry(counts: PairCounts | ComparisonMatrices, options: BradleyTerryOptions = {}): BradleyTerryFit {
  const scale = resolveScale(options);
  const prior = resolvePrior(options.prior);
  const matrices = "battles" in counts ? counts : comparisonMatrices(counts);
  const K = matrices.modelCount;
  if (K === 0) throw new RangeError("no models to rate");
  const strengths = new Float64Array(K);
  if (options.initialStrengths !== undefined) {
    if (options.initialStrengths.length !== K) throw new RangeError(`initialStrengths must have length ${K}`);
    strengths.set(Array.from(options.initialStrengths));
  }
  const result = fitMatrices(
    matrices,
    prior,
    strengths,
    createNewtonWorkspace(K),
    options.tolerance ?? 1e-12,
    options.maxIterations ?? 100,
  );
  return {
    ratings: strengthsToRatings(strengths, scale, options.anchor),
    strengths,
    flags: result.flags,
    mleExists: result.mleExists,
    priorApplied: result.priorApplied,
    iterations: result.iterations,
    converged: result.converged,
    maxAbsGradient: result.maxAbsGradient,
    logLikelihood: result.logLikelihood,
  };
}
