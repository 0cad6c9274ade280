import { describe, expect, it } from "vitest";
import type { StoredReference } from "@/lib/dataset";
import { ReferenceListCache } from "./load-stored-votes";

const list = (content: string): StoredReference[] => [{ number: 1, paper: { externalId: "x", title: "t", authors: ["A B"], year: 2020 }, content }];

describe("ReferenceListCache", () => {
  it("returns the cached list itself and drops the oldest lists beyond its budget", () => {
    const cache = new ReferenceListCache(3_000);
    const first = list("a".repeat(500));
    cache.set("r1", first);
    expect(cache.get("r1")).toBe(first);
    for (let run = 2; run <= 40; run++) cache.set(`r${run}`, list("b".repeat(500)));
    expect(cache.get("r1")).toBeUndefined();
    expect(cache.get("r40")).toBeDefined();
    const kept = Array.from({ length: 40 }, (_, index) => cache.get(`r${index + 1}`)).filter(Boolean).length;
    expect(kept).toBeGreaterThan(1);
    expect(kept).toBeLessThan(10);
    expect(cache.hits + cache.misses).toBe(43);
  });

  it("keeps the first list stored for a run", () => {
    const cache = new ReferenceListCache();
    const first = list("a");
    cache.set("r", first);
    cache.set("r", list("b"));
    expect(cache.get("r")).toBe(first);
  });
});
