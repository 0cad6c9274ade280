import { describe, expect, it } from "vitest";
import { DEFAULT_VOTES_PER_SIDE, createBalancedSampler, sampleBalancedPerDiscipline } from "./balanced-sample";
import { SplitMix64 } from "./random";
import type { StoredVoteChoice, VoteSamplingKey } from "./stored-vote";

function keys(discipline: string | null, choice: StoredVoteChoice, count: number, prefix = `${discipline}-${choice}`): VoteSamplingKey[] {
  return Array.from({ length: count }, (_, i) => ({ voteId: `${prefix}-${i}`, discipline, choice }));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = new SplitMix64(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const physicsAndBiology: VoteSamplingKey[] = [
  ...keys("Physics", "A", 5),
  ...keys("Physics", "B", 3),
  ...keys("Physics", "TIE", 2),
  ...keys("Physics", "BOTH_BAD", 1),
  ...keys("Biology", "A", 10),
  ...keys("Biology", "B", 12),
];

describe("sampleBalancedPerDiscipline", () => {
  it("takes equally many A and B votes per discipline and reports the counts", () => {
    const { voteIds, report } = sampleBalancedPerDiscipline(physicsAndBiology, { seed: 7, votesPerSide: 4 });
    expect(report.disciplines).toEqual([
      { discipline: "Biology", requestedPerSide: 4, availableA: 10, availableB: 12, excludedTies: 0, excludedBothBad: 0, takenA: 4, takenB: 4 },
      { discipline: "Physics", requestedPerSide: 4, availableA: 5, availableB: 3, excludedTies: 2, excludedBothBad: 1, takenA: 3, takenB: 3 },
    ]);
    expect(report).toMatchObject({ seed: 7, votesPerSide: 4, totalConsidered: 33, totalTaken: 14 });

    const countOf = (prefix: string) => voteIds.filter((id) => id.startsWith(prefix)).length;
    expect(countOf("Biology-A-")).toBe(4);
    expect(countOf("Biology-B-")).toBe(4);
    expect(countOf("Physics-A-")).toBe(3);
    expect(countOf("Physics-B-")).toBe(3);
    expect(countOf("Physics-TIE")).toBe(0);
    expect(countOf("Physics-BOTH_BAD")).toBe(0);
    expect(voteIds).toEqual([...voteIds].sort());
    expect(new Set(voteIds).size).toBe(voteIds.length);
  });

  it("takes 250 per side by default", () => {
    const { report } = sampleBalancedPerDiscipline([...keys("Physics", "A", 300), ...keys("Physics", "B", 260)], { seed: 1 });
    expect(DEFAULT_VOTES_PER_SIDE).toBe(250);
    expect(report.disciplines[0]).toMatchObject({ requestedPerSide: 250, takenA: 250, takenB: 250 });
    expect(report.totalTaken).toBe(500);
  });

  it("does not depend on the order the votes arrive in", () => {
    const inOrder = sampleBalancedPerDiscipline(physicsAndBiology, { seed: 11, votesPerSide: 4 });
    for (const seed of [1, 2, 3]) {
      expect(sampleBalancedPerDiscipline(shuffled(physicsAndBiology, seed), { seed: 11, votesPerSide: 4 })).toEqual(inOrder);
    }
  });

  it("chooses different votes under a different seed", () => {
    const input = [...keys("Physics", "A", 100), ...keys("Physics", "B", 100)];
    const first = sampleBalancedPerDiscipline(input, { seed: 1, votesPerSide: 10 }).voteIds;
    const second = sampleBalancedPerDiscipline(input, { seed: 2, votesPerSide: 10 }).voteIds;
    expect(second).not.toEqual(first);
  });

  it("gives every vote the same chance (no bias towards small ids or early arrivals)", () => {
    const input = [...keys("Physics", "A", 10), ...keys("Physics", "B", 2)];
    const timesChosen = new Map<string, number>();
    const seeds = 2000;
    for (let seed = 0; seed < seeds; seed++) {
      for (const id of sampleBalancedPerDiscipline(input, { seed, votesPerSide: 2 }).voteIds) {
        timesChosen.set(id, (timesChosen.get(id) ?? 0) + 1);
      }
    }
    // Each A vote is chosen with probability 2/10: 400 of 2000, standard deviation ~18.
    for (let i = 0; i < 10; i++) {
      expect(Math.abs((timesChosen.get(`Physics-A-${i}`) ?? 0) - 400)).toBeLessThan(80);
    }
  });

  it("groups blank and missing disciplines together, listed last", () => {
    const { report } = sampleBalancedPerDiscipline(
      [...keys(null, "A", 1, "none-a"), ...keys("", "B", 1, "blank-b"), ...keys("Zoology", "A", 1)],
      { seed: 3, votesPerSide: 5 },
    );
    expect(report.disciplines.map((counts) => counts.discipline)).toEqual(["Zoology", null]);
    expect(report.disciplines[1]).toMatchObject({ availableA: 1, availableB: 1, takenA: 1, takenB: 1 });
  });

  it("works incrementally and refuses votes after finishing", () => {
    const sampler = createBalancedSampler({ seed: 5, votesPerSide: 1 });
    sampler.add({ voteId: "x", discipline: "Physics", choice: "A" });
    sampler.add({ voteId: "y", discipline: "Physics", choice: "B" });
    expect(sampler.finish().voteIds).toEqual(["x", "y"]);
    expect(() => sampler.add({ voteId: "z", discipline: "Physics", choice: "A" })).toThrow(/finished/);
  });

  it("rejects invalid options", () => {
    expect(() => createBalancedSampler({ seed: -1 })).toThrow(RangeError);
    expect(() => createBalancedSampler({ seed: 1, votesPerSide: 2.5 })).toThrow(RangeError);
  });
});
