// Dense symmetric positive-definite solves for the Newton steps. Matrices are row-major Float64Arrays of
// size n·n; n is the number of models (+ style features), so O(n³) is negligible next to the data passes.

/** Cholesky factor A = L·Lᵀ in place (lower triangle holds L). Returns false when A is not positive definite. */
export function choleskyInPlace(matrix: Float64Array, size: number): boolean {
  for (let j = 0; j < size; j++) {
    const rowJ = j * size;
    let diagonal = matrix[rowJ + j];
    for (let k = 0; k < j; k++) diagonal -= matrix[rowJ + k] * matrix[rowJ + k];
    if (!(diagonal > 0) || !Number.isFinite(diagonal)) return false;
    const pivot = Math.sqrt(diagonal);
    matrix[rowJ + j] = pivot;
    for (let i = j + 1; i < size; i++) {
      const rowI = i * size;
      let value = matrix[rowI + j];
      for (let k = 0; k < j; k++) value -= matrix[rowI + k] * matrix[rowJ + k];
      matrix[rowI + j] = value / pivot;
    }
  }
  return true;
}

/** Solve L·Lᵀ x = b with a factor from {@link choleskyInPlace}; `out` may alias `rhs`. */
export function choleskySolve(factor: Float64Array, size: number, rhs: ArrayLike<number>, out: Float64Array): void {
  for (let i = 0; i < size; i++) {
    let value = rhs[i];
    const row = i * size;
    for (let k = 0; k < i; k++) value -= factor[row + k] * out[k];
    out[i] = value / factor[row + i];
  }
  for (let i = size - 1; i >= 0; i--) {
    let value = out[i];
    for (let k = i + 1; k < size; k++) value -= factor[k * size + i] * out[k];
    out[i] = value / factor[i * size + i];
  }
}

/** Inverse of a symmetric positive-definite matrix (the input is left untouched). */
export function invertSymmetricPositiveDefinite(matrix: Float64Array, size: number): Float64Array {
  const factor = Float64Array.from(matrix);
  if (!choleskyInPlace(factor, size)) throw new RangeError("matrix is not positive definite");
  const inverse = new Float64Array(size * size);
  const unit = new Float64Array(size);
  const column = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    unit.fill(0);
    unit[j] = 1;
    choleskySolve(factor, size, unit, column);
    for (let i = 0; i < size; i++) inverse[i * size + j] = column[i];
  }
  return inverse;
}
