import { describe, expect, it } from "vitest";
import { tee } from "./tee";

async function* numbers(count: number, onPull?: (i: number) => void, failAt?: number) {
  for (let i = 0; i < count; i++) {
    if (i === failAt) throw new Error(`source failed at ${i}`);
    onPull?.(i);
    yield i;
  }
}

const pause = () => new Promise((resolve) => setImmediate(resolve));

describe("tee", () => {
  it("gives every consumer every item in order, with a slow consumer holding the fast one back", async () => {
    let pulled = 0;
    let maxAhead = 0;
    let slowSeen = 0;
    const [fast, slow] = tee(numbers(500, () => pulled++), 2, 16);
    const collect = async (source: AsyncIterable<number>, slowly: boolean) => {
      const seen: number[] = [];
      for await (const item of source) {
        seen.push(item);
        if (slowly) {
          slowSeen++;
          await pause();
        } else maxAhead = Math.max(maxAhead, pulled - slowSeen);
      }
      return seen;
    };
    const [fastItems, slowItems] = await Promise.all([collect(fast, false), collect(slow, true)]);
    const expected = Array.from({ length: 500 }, (_, i) => i);
    expect(fastItems).toEqual(expected);
    expect(slowItems).toEqual(expected);
    expect(maxAhead).toBeLessThanOrEqual(18);
  });

  it("passes a source error to every consumer", async () => {
    const [one, two] = tee(numbers(100, undefined, 42), 2);
    const drain = async (source: AsyncIterable<number>) => {
      for await (const item of source) void item;
    };
    await expect(drain(one)).rejects.toThrow("source failed at 42");
    await expect(drain(two)).rejects.toThrow("source failed at 42");
  });

  it("closes the source when every consumer stopped", async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    const [one, two] = tee(source(), 2);
    await Promise.all(
      [one, two].map(async (consumer) => {
        for await (const item of consumer) if (item === 5) break;
      }),
    );
    expect(closed).toBe(true);
  });

  it("does not wait for a consumer that stopped", async () => {
    const [quitter, stayer] = tee(numbers(1000), 2, 8);
    const stop = (async () => {
      for await (const item of quitter) if (item === 3) break;
    })();
    let count = 0;
    for await (const item of stayer) count += item >= 0 ? 1 : 0;
    await stop;
    expect(count).toBe(1000);
  });
});
