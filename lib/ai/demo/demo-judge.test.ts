import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { buildJudgePrompt, evaluateJudge, parseJudgeVerdict, toJudgedRecord } from "@/lib/dataset";
import { createDemoJudge, demoJudgement, responsesOf, scoreResponse } from "./demo-judge";

const wellCited = "Cold-chain breaks reduce potency [1], especially freezing [2][3]; storage logs help [4, 5].";
const barelyCited = "Potency may drop [1].";

async function judge(question: string, responseA: string, responseB: string, order: "original" | "swapped") {
  const { text } = await generateText({ model: createDemoJudge(), prompt: buildJudgePrompt({ question, responseA, responseB }, order) });
  return parseJudgeVerdict(text);
}

describe("the offline demo judge", () => {
  it("counts distinct cited references, also in grouped markers", () => {
    expect(scoreResponse(wellCited)).toEqual({ citations: 5, words: 13 });
    expect(scoreResponse("No citations here.").citations).toBe(0);
    expect(scoreResponse("[1] and again [1]").citations).toBe(1);
  });

  it("finds the two responses in the SciArena judge prompt, even when they contain blank lines", () => {
    const prompt = buildJudgePrompt({ question: "Q?", responseA: "first\n\nparagraph", responseB: "second" }, "original");
    expect(responsesOf(prompt)).toEqual({ first: "first\n\nparagraph", second: "second" });
    expect(responsesOf("Which is better, A or B?")).toBeNull();
  });

  it("prefers the better-cited response in both orders, through the AI SDK", async () => {
    expect(await judge("Q?", wellCited, barelyCited, "original")).toBe("A");
    expect(await judge("Q?", wellCited, barelyCited, "swapped")).toBe("B");
    expect(await judge("Q?", barelyCited, wellCited, "original")).toBe("B");
  });

  it("breaks citation ties by a clear length difference, and full ties by the first position", async () => {
    const short = "Potency drops [1].";
    const long = "Potency drops after freezing, and the loss depends on the vaccine type and exposure time [1].";
    expect(await judge("Q?", short, long, "original")).toBe("B");
    expect(await judge("Q?", short, long, "swapped")).toBe("A");
    expect(await judge("Q?", "Same length [1].", "Equal size [2].", "original")).toBe("A");
    expect(await judge("Q?", "Same length [1].", "Equal size [2].", "swapped")).toBe("A");
  });

  it("answers something unusable when the prompt is not a judge prompt", () => {
    expect(parseJudgeVerdict(demoJudgement("Tell me a story"))).toBeNull();
  });

  it("streams the same verdict", async () => {
    const prompt = buildJudgePrompt({ question: "Q?", responseA: barelyCited, responseB: wellCited }, "original");
    const result = streamText({ model: createDemoJudge(), prompt });
    expect(parseJudgeVerdict(await result.text)).toBe("B");
  });

  it("scores above chance, and below perfect, where researchers mostly prefer better-cited answers", async () => {
    const records = Array.from({ length: 200 }, (_, i) => {
      const richer = i % 3 === 0 ? "Equal [1]." : `Detailed answer [1][2]${i % 2 ? " [3]" : ""} with support.`;
      const poorer = "Equal [1].";
      const richerIsA = i % 2 === 0;
      // Researchers side with the better-cited answer four times out of five.
      const humanPrefersRicher = i % 5 !== 0;
      return {
        id: `r${String(i).padStart(3, "0")}`,
        question: `Question ${i}?`,
        responseA: richerIsA ? richer : poorer,
        responseB: richerIsA ? poorer : richer,
        vote: (humanPrefersRicher === richerIsA ? "A" : "B") as "A" | "B",
        subject: null,
        question_type: null,
      };
    });
    const judged = [];
    for (const record of records) {
      const outputs = { original: "", swapped: "" };
      for (const order of ["original", "swapped"] as const) {
        outputs[order] = (await generateText({ model: createDemoJudge(), prompt: buildJudgePrompt(record, order) })).text;
      }
      judged.push(toJudgedRecord(record, outputs));
    }
    const evaluation = evaluateJudge(judged, { seed: 1, bootstrapRounds: 200 });
    expect(evaluation.overall.accuracy.value).toBeGreaterThan(0.6);
    expect(evaluation.overall.accuracy.value).toBeLessThan(0.9);
    // Equal answers are always given to the first position, so consistency is below 1.
    expect(evaluation.overall.positionConsistency.value).toBeLessThan(1);
    expect(evaluation.overall.unparseable).toBe(0);
  });
});
