// Picks the two models of a battle and their sides. Pure: the random source is injected.

export interface Pairing<T> {
  a: T;
  b: T;
}

export function samplePair<T>(models: readonly T[], random: () => number = Math.random): Pairing<T> {
  if (models.length < 2) {
    throw new Error(`A battle needs two different active models; ${models.length} available.`);
  }
  const first = Math.floor(random() * models.length);
  let second = Math.floor(random() * (models.length - 1));
  if (second >= first) second++;
  // Which model is shown as A is itself random, independent of the draw order.
  return random() < 0.5 ? { a: models[first], b: models[second] } : { a: models[second], b: models[first] };
}
