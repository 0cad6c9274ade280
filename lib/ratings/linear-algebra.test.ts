import { describe, expect, it } from "vitest";
import { choleskyInPlace, choleskySolve, invertSymmetricPositiveDefinite } from "./linear-algebra";

const spd = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);

function multiply(matrix: Float64Array, size: number, vector: ArrayLike<number>): number[] {
  return Array.from({ length: size }, (_, i) => {
    let sum = 0;
    for (let k = 0; k < size; k++) sum += matrix[i * size + k] * vector[k];
    return sum;
  });
}

describe("Cholesky", () => {
  it("solves a symmetric positive-definite system", () => {
    const factor = Float64Array.from(spd);
    expect(choleskyInPlace(factor, 3)).toBe(true);
    const b = [1, -2, 0.5];
    const x = new Float64Array(3);
    choleskySolve(factor, 3, b, x);
    multiply(spd, 3, x).forEach((value, i) => expect(value).toBeCloseTo(b[i], 12));
  });

  it("refuses a matrix that is not positive definite", () => {
    expect(choleskyInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
    expect(choleskyInPlace(Float64Array.from([1, -1, -1, 1]), 2)).toBe(false); // singular Laplacian
    expect(() => invertSymmetricPositiveDefinite(Float64Array.from([0, 0, 0, 0]), 2)).toThrow(RangeError);
  });

  it("inverts", () => {
    const inverse = invertSymmetricPositiveDefinite(spd, 3);
    for (let j = 0; j < 3; j++) {
      const column = [0, 1, 2].map((i) => inverse[i * 3 + j]);
      multiply(spd, 3, column).forEach((value, i) => expect(value).toBeCloseTo(i === j ? 1 : 0, 12));
    }
  });
});
