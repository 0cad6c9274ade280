import { streamText } from "ai";
import { describe, expect, it } from "vitest";
import { buildAnswerPrompt } from "@/lib/ai/prompt";
import { normalizeAnswer } from "@/lib/ai/normalize-answer";
import type { Reference } from "@/lib/retrieval/types";
import { createDemoModel, tokenize } from "./demo-model";

const references: Reference[] = [1, 2, 3, 4].map((n) => ({
  n,
  paperId: n,
  externalId: `x:${n}`,
  title: `Study ${n} of graphene conductivity`,
  authors: [`Ada Author${n}`, "Bo Second"],
  year: 2010 + n,
  venue: null,
  url: null,
  passages: [
    {
      passageId: n,
      score: 1,
      text: `We measured graphene conductivity under strain in sample ${n}. The conductivity of graphene rose by ${n * 10} percent at low temperature. Unrelated remarks about funding are listed here too.`,
    },
  ],
}));
const question = "How does strain change graphene conductivity?";

async function run(style: "careful" | "terse" | "loose", q = question) {
  const result = streamText({
    model: createDemoModel(style, { tokenDelayMs: 0 }),
    prompt: buildAnswerPrompt(q, references),
  });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  return { deltas, text: await result.text };
}

describe("demo models", () => {
  it("stream token by token through the AI SDK and are deterministic", async () => {
    const first = await run("careful");
    const second = await run("careful");
    expect(first.deltas.length).toBeGreaterThan(20);
    expect(first.deltas.join("")).toBe(first.text);
    expect(second.text).toBe(first.text);
  });

  it("answer from the passages with valid citations when careful", async () => {
    const { text } = await run("careful");
    const check = normalizeAnswer(text, references.length);
    expect(check.dropped).toBe(0);
    expect(check.cited.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/conductivity/);
  });

  it("differ visibly: terse is short, loose cites wrongly", async () => {
    const careful = await run("careful");
    const terse = await run("terse");
    const loose = await run("loose");
    expect(terse.text.length).toBeLessThan(careful.text.length / 2);
    expect(new Set([careful.text, terse.text, loose.text]).size).toBe(3);
    let dropped = 0;
    for (let i = 0; i < 10; i++) dropped += normalizeAnswer((await run("loose", `${question} ${i}`)).text, 4).dropped;
    expect(dropped).toBeGreaterThan(0);
  });

  it("says so when there are no references", async () => {
    const r = streamText({
      model: createDemoModel("careful", { tokenDelayMs: 0 }),
      prompt: buildAnswerPrompt(question, []),
    });
    expect(await r.text).toMatch(/do not address/);
  });

  it("tokenize keeps every character", () => {
    const text = "Hello  world,\n\nnew [1] para. ";
    expect(tokenize(text).join("")).toBe(text);
  });
});
