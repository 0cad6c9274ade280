import type { ComparisonMatrices } from "./pair-counts";
import type { RatingFlag } from "./types";

export interface ComparisonGraphAnalysis {
  /**
   * True when every model scored against, and conceded to, every other group of models: exactly the
   * condition for the Bradley-Terry MLE to exist (Zermelo 1929, Ford 1957), ties counting both ways.
   */
  mleExists: boolean;
  /** Per model; empty when the data pin its rating down. */
  flags: RatingFlag[][];
}

/** Edge i → j when i took at least part of a point from j (a win or a tie). */
function hasEdge(score: Float64Array, K: number, from: number, to: number): boolean {
  return score[from * K + to] > 0;
}

/** Whether every model is reachable from model 0 along edges (forward) or reversed edges (backward). */
function reachesAll(score: Float64Array, K: number, backward: boolean): boolean {
  const seen = new Uint8Array(K);
  const stack = [0];
  seen[0] = 1;
  let reached = 1;
  while (stack.length > 0) {
    const node = stack.pop() as number;
    for (let other = 0; other < K; other++) {
      if (seen[other]) continue;
      const linked = backward ? hasEdge(score, K, other, node) : hasEdge(score, K, node, other);
      if (linked) {
        seen[other] = 1;
        reached += 1;
        stack.push(other);
      }
    }
  }
  return reached === K;
}

/** Strongly connected components (Kosaraju, iterative); returns the component id of each model. */
function stronglyConnectedComponents(score: Float64Array, K: number): Int32Array {
  const order: number[] = [];
  const visited = new Uint8Array(K);
  for (let start = 0; start < K; start++) {
    if (visited[start]) continue;
    const stack: Array<[number, number]> = [[start, 0]];
    visited[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      let advanced = false;
      for (let other = next; other < K; other++) {
        if (!visited[other] && hasEdge(score, K, node, other)) {
          top[1] = other + 1;
          visited[other] = 1;
          stack.push([other, 0]);
          advanced = true;
          break;
        }
      }
      if (!advanced) {
        order.push(node);
        stack.pop();
      }
    }
  }
  const component = new Int32Array(K).fill(-1);
  let componentCount = 0;
  for (let position = K - 1; position >= 0; position--) {
    const root = order[position];
    if (component[root] >= 0) continue;
    const stack = [root];
    component[root] = componentCount;
    while (stack.length > 0) {
      const node = stack.pop() as number;
      for (let other = 0; other < K; other++) {
        if (component[other] < 0 && hasEdge(score, K, other, node)) {
          component[other] = componentCount;
          stack.push(other);
        }
      }
    }
    componentCount += 1;
  }
  return component;
}

/** Whether the MLE exists and, if not, which models' ratings the prior decides; O(K²). */
export function analyzeComparisonGraph(matrices: ComparisonMatrices): ComparisonGraphAnalysis {
  const { modelCount: K, battles, score } = matrices;
  const flags: RatingFlag[][] = Array.from({ length: K }, () => []);
  if (K <= 1) {
    if (K === 1) flags[0].push("no-battles");
    return { mleExists: false, flags };
  }
  if (reachesAll(score, K, false) && reachesAll(score, K, true)) return { mleExists: true, flags };

  const component = stronglyConnectedComponents(score, K);
  // The "main group" is the largest component, then the one with most battles inside it; its internal
  // differences are data-driven and everyone outside it is flagged.
  const size = new Map<number, number>();
  const internalBattles = new Map<number, number>();
  for (let i = 0; i < K; i++) {
    size.set(component[i], (size.get(component[i]) ?? 0) + 1);
    for (let j = 0; j < K; j++) {
      if (component[i] === component[j]) {
        internalBattles.set(component[i], (internalBattles.get(component[i]) ?? 0) + battles[i * K + j]);
      }
    }
  }
  let main = -1;
  for (const [id, members] of size) {
    if (members < 2) continue;
    if (
      main < 0 ||
      members > (size.get(main) as number) ||
      (members === size.get(main) && (internalBattles.get(id) as number) > (internalBattles.get(main) as number))
    ) {
      main = id;
    }
  }
  for (let i = 0; i < K; i++) {
    let battled = 0;
    let scored = 0;
    let conceded = 0;
    for (let j = 0; j < K; j++) {
      battled += battles[i * K + j];
      scored += score[i * K + j];
      conceded += score[j * K + i];
    }
    if (battled === 0) flags[i].push("no-battles");
    else if (conceded === 0) flags[i].push("undefeated");
    else if (scored === 0) flags[i].push("winless");
    else if (component[i] !== main) flags[i].push("separated");
  }
  return { mleExists: false, flags };
}
