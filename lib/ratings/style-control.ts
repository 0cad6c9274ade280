import { fitBradleyTerry, resolvePrior, type BradleyTerryPrior } from "./bradley-terry";
import { analyzeComparisonGraph } from "./connectivity";
import { choleskyInPlace, choleskySolve, invertSymmetricPositiveDefinite } from "./linear-algebra";
import { aggregateColumns, comparisonMatrices } from "./pair-counts";
import { resolveScale, strengthsToRatings } from "./scale";
import type { StyleData } from "./style-features";
import { SCORE_OF_A, type RatingAnchor, type RatingFlag, type RatingScale } from "./types";

/** Chatbot Arena's penalty: 0.25·(‖w‖² + ‖γ‖²) on the summed loss, w the log10 strengths (FastChat reg = 0.5). */
export const ARENA_L2_PENALTY = 0.25;

export interface StyleControlOptions extends Partial<RatingScale> {
  anchor?: RatingAnchor;
  /**
   * c in c·(‖λ / ln base‖² + ‖γ‖²) added to the summed negative log-likelihood (default 0.25, Chatbot Arena's
   * objective; λ / ln base is the log10 strength for Elo). 0 gives the plain contextual MLE.
   */
  l2Penalty?: number;
  /** Only used with l2Penalty = 0, when some model's MLE is infinite (see fitBradleyTerry). */
  prior?: Partial<BradleyTerryPrior>;
  /** Stop when the largest Newton step (λ and γ) is at most this (default 1e-12). */
  tolerance?: number;
  maxIterations?: number;
  /** Warm start: λ for every model followed by γ for every feature. */
  initialParameters?: ArrayLike<number>;
}

export interface StyleControlFit {
  /** Style-controlled ratings (mean `init` or anchored). */
  ratings: Float64Array;
  strengths: Float64Array;
  /** γ: log-odds per standard deviation of each feature's normalised difference. */
  coefficients: Float64Array;
  featureNames: string[];
  /** λ then γ, the warm start for bootstrap rounds. */
  parameters: Float64Array;
  flags: RatingFlag[][];
  priorApplied: boolean;
  l2Penalty: number;
  iterations: number;
  converged: boolean;
  maxAbsGradient: number;
  /** Penalised log-likelihood at the solution. */
  objective: number;
}

/** Scratch arrays for one fit; reused across bootstrap rounds. */
export interface StyleWorkspace {
  parameterCount: number;
  gradient: Float64Array;
  hessian: Float64Array;
  step: Float64Array;
  trial: Float64Array;
  pairWeight: Float64Array;
  modelFeature: Float64Array;
  featureFeature: Float64Array;
}

export function createStyleWorkspace(data: StyleData): StyleWorkspace {
  const K = data.modelCount;
  const S = data.featureCount;
  const P = K + S;
  return {
    parameterCount: P,
    gradient: new Float64Array(P),
    hessian: new Float64Array(P * P),
    step: new Float64Array(P),
    trial: new Float64Array(P),
    pairWeight: new Float64Array(K * K),
    modelFeature: new Float64Array(K * S),
    featureFeature: new Float64Array(S * S),
  };
}

/** How the per-vote curvature enters the second-moment matrix. */
type SecondMoment = "hessian" | "score-outer-product";

/**
 * One pass over the votes: gradient of the log-likelihood and Σ h·v·vᵀ with v = (e_a − e_b, x), where
 * h = p(1 − p) (the Fisher information) or (y − p)² (the "meat" of the sandwich). The model block is
 * accumulated per pair and the model×feature block per model, so a pass costs O(N·S²), never O(N·K).
 * This is the job's hot loop: kept monomorphic (weights always a Uint16Array) and free of branches
 * other than skipping votes a bootstrap round did not draw.
 */
function accumulate(
  data: StyleData,
  parameters: Float64Array,
  weights: Uint16Array | undefined,
  work: StyleWorkspace,
  secondMoment: SecondMoment,
): void {
  const K = data.modelCount;
  const S = data.featureCount;
  const { modelA, modelB, outcome, features } = data;
  const { gradient, pairWeight, modelFeature, featureFeature } = work;
  gradient.fill(0);
  pairWeight.fill(0);
  modelFeature.fill(0);
  featureFeature.fill(0);
  const meat = secondMoment === "score-outer-product";
  const voteCount = data.voteCount;
  const multiplicity = weights ?? unitWeights(voteCount);
  for (let v = 0; v < voteCount; v++) {
    const weight = multiplicity[v];
    if (weight === 0) continue;
    const a = modelA[v];
    const b = modelB[v];
    const row = v * S;
    let z = parameters[a] - parameters[b];
    for (let s = 0; s < S; s++) z += parameters[K + s] * features[row + s];
    const p = 1 / (1 + Math.exp(-z));
    const residual = SCORE_TABLE[outcome[v]] - p;
    const r = weight * residual;
    const h = meat ? weight * residual * residual : weight * p * (1 - p);
    gradient[a] += r;
    gradient[b] -= r;
    pairWeight[a * K + b] += h;
    const aRow = a * S;
    const bRow = b * S;
    for (let s = 0; s < S; s++) {
      const x = features[row + s];
      gradient[K + s] += r * x;
      const hx = h * x;
      modelFeature[aRow + s] += hx;
      modelFeature[bRow + s] -= hx;
      for (let t = s; t < S; t++) featureFeature[s * S + t] += hx * features[row + t];
    }
  }
}

const SCORE_TABLE = Float64Array.from(SCORE_OF_A);

let sharedUnitWeights = new Uint16Array(0);

/** All-ones multiplicities, shared between fits, so that the hot loop sees one array type only. */
function unitWeights(voteCount: number): Uint16Array {
  if (sharedUnitWeights.length < voteCount) sharedUnitWeights = new Uint16Array(voteCount).fill(1);
  return sharedUnitWeights;
}

/** Expand the accumulated blocks into the dense (K + S)² matrix `work.hessian`. */
function assembleSecondMoment(data: StyleData, work: StyleWorkspace): void {
  const K = data.modelCount;
  const S = data.featureCount;
  const P = K + S;
  const { hessian, pairWeight, modelFeature, featureFeature } = work;
  hessian.fill(0);
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const w = pairWeight[i * K + j] + pairWeight[j * K + i];
      hessian[i * P + j] = -w;
      hessian[j * P + i] = -w;
      hessian[i * P + i] += w;
      hessian[j * P + j] += w;
    }
    for (let s = 0; s < S; s++) {
      hessian[i * P + K + s] = modelFeature[i * S + s];
      hessian[(K + s) * P + i] = modelFeature[i * S + s];
    }
  }
  for (let s = 0; s < S; s++) {
    for (let t = s; t < S; t++) {
      hessian[(K + s) * P + K + t] = featureFeature[s * S + t];
      hessian[(K + t) * P + K + s] = featureFeature[s * S + t];
    }
  }
}

/** Penalised log-likelihood (the objective maximised). */
function objectiveAt(
  data: StyleData,
  parameters: Float64Array,
  weights: Uint16Array | undefined,
  penalty: Penalty,
): number {
  const K = data.modelCount;
  const S = data.featureCount;
  const { modelA, modelB, outcome, features } = data;
  let total = 0;
  for (let v = 0; v < data.voteCount; v++) {
    const weight = weights === undefined ? 1 : weights[v];
    if (weight === 0) continue;
    const row = v * S;
    let z = parameters[modelA[v]] - parameters[modelB[v]];
    for (let s = 0; s < S; s++) z += parameters[K + s] * features[row + s];
    const y = SCORE_OF_A[outcome[v]];
    // y·log σ(z) + (1 − y)·log σ(−z), stable on both sides
    const softplus = z >= 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
    total += weight * (-softplus + (y - 1) * z);
  }
  for (let i = 0; i < K; i++) {
    total -= penalty.strength * parameters[i] * parameters[i];
    if (penalty.virtualTies > 0) {
      // ½·α·[log σ(λ) + log σ(−λ)] = −½·α·(|λ| + 2·log(1 + e^−|λ|))
      const magnitude = Math.abs(parameters[i]);
      total -= 0.5 * penalty.virtualTies * (magnitude + 2 * Math.log1p(Math.exp(-magnitude)));
    }
  }
  for (let s = 0; s < S; s++) total -= penalty.featureStrength * parameters[K + s] * parameters[K + s];
  return total;
}

/** The penalty in λ units: strength·‖λ‖² + featureStrength·‖γ‖² (+ virtual ties when needed). */
export interface Penalty {
  strength: number;
  featureStrength: number;
  virtualTies: number;
}

function penaltyFor(l2Penalty: number, base: number, virtualTies: number): Penalty {
  const logBase = Math.log(base);
  return { strength: l2Penalty / (logBase * logBase), featureStrength: l2Penalty, virtualTies };
}

/** Add the penalty's gradient and curvature; with no penalty at all fix the gauge of λ (sum unchanged). */
function addPenalty(data: StyleData, parameters: Float64Array, penalty: Penalty, work: StyleWorkspace): void {
  const K = data.modelCount;
  const S = data.featureCount;
  const P = K + S;
  const { gradient, hessian } = work;
  for (let i = 0; i < K; i++) {
    gradient[i] -= 2 * penalty.strength * parameters[i];
    hessian[i * P + i] += 2 * penalty.strength;
    if (penalty.virtualTies > 0) {
      const p = 1 / (1 + Math.exp(-parameters[i]));
      gradient[i] += penalty.virtualTies * (0.5 - p);
      hessian[i * P + i] += penalty.virtualTies * p * (1 - p);
    }
  }
  for (let s = 0; s < S; s++) {
    gradient[K + s] -= 2 * penalty.featureStrength * parameters[K + s];
    hessian[(K + s) * P + K + s] += 2 * penalty.featureStrength;
  }
  if (penalty.strength === 0 && penalty.virtualTies === 0) {
    let trace = 0;
    for (let i = 0; i < K; i++) trace += hessian[i * P + i];
    const gauge = trace / Math.max(K, 1);
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) hessian[i * P + j] += gauge;
  }
}

const MAX_STEP = 10;
/** Newton on the logistic likelihood is safe for moderate steps; only longer ones pay for objective passes. */
const LINE_SEARCH_ABOVE = 0.5;

export interface StyleNewtonResult {
  iterations: number;
  converged: boolean;
  maxAbsGradient: number;
}

/** Newton/IRLS in place on `parameters` (λ then γ); `weights` are per-vote multiplicities (bootstrap). */
export function newtonStyleControl(
  data: StyleData,
  parameters: Float64Array,
  weights: Uint16Array | undefined,
  penalty: Penalty,
  work: StyleWorkspace,
  tolerance: number,
  maxIterations: number,
  stopping: "strict" | "predictive" = "strict",
): StyleNewtonResult {
  const P = work.parameterCount;
  const { gradient, hessian, step, trial } = work;
  let iterations = 0;
  let converged = false;
  let previousStep = Number.POSITIVE_INFINITY;
  while (iterations < maxIterations) {
    iterations += 1;
    accumulate(data, parameters, weights, work, "hessian");
    assembleSecondMoment(data, work);
    addPenalty(data, parameters, penalty, work);
    if (!choleskyInPlace(hessian, P)) {
      throw new RangeError("style-control Hessian is singular: a feature is collinear or a model has no votes");
    }
    choleskySolve(hessian, P, gradient, step);
    let largest = 0;
    for (let k = 0; k < P; k++) largest = Math.max(largest, Math.abs(step[k]));
    if (largest > MAX_STEP) {
      for (let k = 0; k < P; k++) step[k] *= MAX_STEP / largest;
      largest = MAX_STEP;
    }
    let fraction = 1;
    if (largest > LINE_SEARCH_ABOVE) {
      // Far from the optimum: backtrack on the objective (costs a pass per try, so only for big steps).
      const current = objectiveAt(data, parameters, weights, penalty);
      let slope = 0;
      for (let k = 0; k < P; k++) slope += gradient[k] * step[k];
      for (let halvings = 0; halvings < 40; halvings++) {
        for (let k = 0; k < P; k++) trial[k] = parameters[k] + fraction * step[k];
        if (objectiveAt(data, trial, weights, penalty) >= current + 1e-4 * fraction * slope) break;
        fraction *= 0.5;
      }
    }
    for (let k = 0; k < P; k++) parameters[k] += fraction * step[k];
    const taken = fraction * largest;
    if (taken <= tolerance || (taken < 1e-9 && taken > 0.5 * previousStep)) {
      converged = true;
      break;
    }
    // Quadratic convergence: the next step would be about (taken / previousStep²)·taken². When that is
    // below the tolerance, the remaining error is too, and the pass that would measure it is skipped.
    if (stopping === "predictive" && fraction === 1 && Number.isFinite(previousStep)) {
      const predictedNext = (taken / (previousStep * previousStep)) * taken * taken;
      if (predictedNext <= tolerance) {
        converged = true;
        break;
      }
    }
    previousStep = taken;
  }
  if (stopping === "predictive") return { iterations, converged, maxAbsGradient: Number.NaN };
  accumulate(data, parameters, weights, work, "hessian");
  assembleSecondMoment(data, work);
  addPenalty(data, parameters, penalty, work);
  let maxAbsGradient = 0;
  for (let k = 0; k < P; k++) maxAbsGradient = Math.max(maxAbsGradient, Math.abs(gradient[k]));
  return { iterations, converged, maxAbsGradient };
}

export interface ResolvedStyleSettings {
  scale: RatingScale;
  penalty: Penalty;
  flags: RatingFlag[][];
  priorApplied: boolean;
  l2Penalty: number;
}

/** Penalty, prior and flags for a data set (flags come from the plain pair counts of the kept votes). */
export function resolveStyleSettings(data: StyleData, options: StyleControlOptions): ResolvedStyleSettings {
  const scale = resolveScale(options);
  const l2Penalty = options.l2Penalty ?? ARENA_L2_PENALTY;
  if (!(l2Penalty >= 0) || !Number.isFinite(l2Penalty)) throw new RangeError(`l2Penalty must be ≥ 0, got ${l2Penalty}`);
  const prior = resolvePrior(options.prior);
  const analysis = analyzeComparisonGraph(comparisonMatrices(aggregateColumns(data, data.modelCount)));
  const needsPrior = l2Penalty === 0 && (prior.apply === "always" || !analysis.mleExists);
  if (l2Penalty === 0 && !analysis.mleExists && prior.apply === "never") {
    throw new RangeError("the style-control MLE does not exist (some model never lost or never won); allow the prior or set l2Penalty > 0");
  }
  return {
    scale,
    penalty: penaltyFor(l2Penalty, scale.base, needsPrior ? prior.virtualTies : 0),
    flags: analysis.flags,
    priorApplied: needsPrior,
    l2Penalty,
  };
}

/**
 * Contextual Bradley-Terry ("style control"): logit P(a beats b) = λ_a − λ_b + γ·x with x the z-scored
 * normalised style differences, ties as half a win, solved by Newton/IRLS to ~1e-12 with an optional L2
 * penalty. The ratings are what the models would score with style held equal.
 */
export function fitStyleControl(data: StyleData, options: StyleControlOptions = {}): StyleControlFit {
  if (data.modelCount === 0) throw new RangeError("no models to rate");
  const settings = resolveStyleSettings(data, options);
  const K = data.modelCount;
  const P = K + data.featureCount;
  const parameters = new Float64Array(P);
  if (options.initialParameters !== undefined) {
    if (options.initialParameters.length !== P) throw new RangeError(`initialParameters must have length ${P}`);
    parameters.set(Array.from(options.initialParameters));
  } else {
    // Start from plain Bradley-Terry (O(K²) once the votes are counted): only γ and a style-sized shift of λ
    // remain, so Newton needs no line-search passes over the votes.
    const plain = fitBradleyTerry(aggregateColumns(data, K), { prior: { apply: "always" }, tolerance: 1e-6 });
    parameters.set(plain.strengths);
  }
  if (settings.penalty.strength === 0 && settings.penalty.virtualTies === 0) {
    // Unpenalised, only differences of λ are identified and Newton keeps Σλ: start (and so end) at zero.
    let mean = 0;
    for (let i = 0; i < K; i++) mean += parameters[i];
    for (let i = 0; i < K; i++) parameters[i] -= mean / K;
  }
  const work = createStyleWorkspace(data);
  const result = newtonStyleControl(
    data,
    parameters,
    undefined,
    settings.penalty,
    work,
    options.tolerance ?? 1e-12,
    options.maxIterations ?? 100,
  );
  const strengths = parameters.slice(0, K);
  return {
    ratings: strengthsToRatings(strengths, settings.scale, options.anchor),
    strengths,
    coefficients: parameters.slice(K),
    featureNames: data.featureNames,
    parameters,
    flags: settings.flags,
    priorApplied: settings.priorApplied,
    l2Penalty: settings.l2Penalty,
    iterations: result.iterations,
    converged: result.converged,
    maxAbsGradient: result.maxAbsGradient,
    objective: objectiveAt(data, parameters, undefined, settings.penalty),
  };
}

export interface StyleIntervals {
  method: "bootstrap" | "sandwich";
  ratingQ025: Float64Array;
  ratingQ975: Float64Array;
  /** Rating points². */
  ratingVariance: Float64Array;
  coefficientQ025: Float64Array;
  coefficientQ975: Float64Array;
  coefficientVariance: Float64Array;
}

const NORMAL_97_5 = 1.959963984540054;

/**
 * Closed-form sandwich covariance H⁻¹·G·H⁻¹ (H the penalised Fisher information, G Σ per-vote score outer
 * products) and normal 95% intervals: one pass over the votes instead of a bootstrap. Robust to the
 * tie-as-half-win misspecification, like the bootstrap.
 */
export function styleSandwichIntervals(data: StyleData, fit: StyleControlFit, options: StyleControlOptions = {}): StyleIntervals {
  const settings = resolveStyleSettings(data, options);
  const K = data.modelCount;
  const S = data.featureCount;
  const P = K + S;
  const work = createStyleWorkspace(data);
  accumulate(data, fit.parameters, undefined, work, "hessian");
  assembleSecondMoment(data, work);
  addPenalty(data, fit.parameters, settings.penalty, work);
  // With no penalty the gauge term c·11ᵀ was added to H; G·1 = 0 on the λ block, so after centring the
  // result is the covariance of the identified contrasts.
  const information = Float64Array.from(work.hessian);
  const inverse = invertSymmetricPositiveDefinite(information, P);
  accumulate(data, fit.parameters, undefined, work, "score-outer-product");
  assembleSecondMoment(data, work);
  const meat = work.hessian;
  const covariance = multiplySymmetric(inverse, multiplySymmetric(meat, inverse, P), P);

  const factor = (settings.scale.scale / Math.log(settings.scale.base)) ** 2;
  const ratingVariance = new Float64Array(K);
  const anchor = options.anchor;
  for (let i = 0; i < K; i++) {
    // Var(λ_i − reference) with reference = mean λ or the anchor's λ.
    let variance: number;
    if (anchor !== undefined) {
      const m = anchor.model;
      variance = covariance[i * P + i] + covariance[m * P + m] - 2 * covariance[i * P + m];
    } else {
      let rowMean = 0;
      let total = 0;
      for (let j = 0; j < K; j++) {
        rowMean += covariance[i * P + j];
        for (let k = 0; k < K; k++) total += covariance[j * P + k];
      }
      variance = covariance[i * P + i] - (2 * rowMean) / K + total / (K * K);
    }
    ratingVariance[i] = Math.max(variance, 0) * factor;
  }
  const coefficientVariance = new Float64Array(S);
  for (let s = 0; s < S; s++) coefficientVariance[s] = covariance[(K + s) * P + K + s];
  const spread = (variance: number) => NORMAL_97_5 * Math.sqrt(variance);
  return {
    method: "sandwich",
    ratingQ025: fit.ratings.map((r, i) => r - spread(ratingVariance[i])),
    ratingQ975: fit.ratings.map((r, i) => r + spread(ratingVariance[i])),
    ratingVariance,
    coefficientQ025: fit.coefficients.map((c, s) => c - spread(coefficientVariance[s])),
    coefficientQ975: fit.coefficients.map((c, s) => c + spread(coefficientVariance[s])),
    coefficientVariance,
  };
}

function multiplySymmetric(left: Float64Array, right: Float64Array, size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < size; k++) {
      const value = left[i * size + k];
      if (value === 0) continue;
      for (let j = 0; j < size; j++) out[i * size + j] += value * right[k * size + j];
    }
  }
  return out;
}
