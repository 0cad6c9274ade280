import { describe, expect, it } from "vitest";
import { KeyedLimiter } from "./concurrency";

const tick = () => new Promise((r) => setImmediate(r));

describe("KeyedLimiter", () => {
  it("holds at most `limit` slots per key, first come first served, keys independent", async () => {
    const limiter = new KeyedLimiter();
    const order: string[] = [];
    const r1 = await limiter.acquire("p", 2);
    const r2 = await limiter.acquire("p", 2);
    const other = await limiter.acquire("q", 2);
    const third = limiter.acquire("p", 2).then((release) => (order.push("third"), release));
    const fourth = limiter.acquire("p", 2).then((release) => (order.push("fourth"), release));
    await tick();
    expect(order).toEqual([]);
    expect(limiter.stats("p")).toEqual({ active: 2, waiting: 2 });
    r1();
    r1(); // releasing twice frees one slot only
    await tick();
    expect(order).toEqual(["third"]);
    expect(limiter.stats("p")).toEqual({ active: 2, waiting: 1 });
    r2();
    await tick();
    expect(order).toEqual(["third", "fourth"]);
    (await third)();
    (await fourth)();
    other();
    expect(limiter.stats("p")).toEqual({ active: 0, waiting: 0 });
  });

  it("lets a waiting caller give up without taking or leaking a slot", async () => {
    const limiter = new KeyedLimiter();
    const held = await limiter.acquire("p", 1);
    const controller = new AbortController();
    const waiting = limiter.acquire("p", 1, controller.signal);
    controller.abort(new Error("deadline"));
    await expect(waiting).rejects.toThrow("deadline");
    expect(limiter.stats("p")).toEqual({ active: 1, waiting: 0 });
    held();
    const again = await limiter.acquire("p", 1);
    expect(limiter.stats("p")).toEqual({ active: 1, waiting: 0 });
    again();
    await expect(limiter.acquire("p", 1, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });
});
