import { expect, test } from "@playwright/test";
import { QUESTIONS, readStream, signedInClient, sql, tableCounts } from "../support/arena";

// Every refused request answers 4xx with a message naming the problem and leaves the database as it was.

test.describe("bad input to POST /api/battles", () => {
  const cases: { name: string; body: string; contentType?: string; status: number; message: RegExp }[] = [
    { name: "empty question", body: JSON.stringify({ question: "" }), status: 400, message: /question.*at least 10/ },
    { name: "whitespace-only question", body: JSON.stringify({ question: "   \n\t   " }), status: 400, message: /question.*at least 10/ },
    { name: "question over 2000 characters", body: JSON.stringify({ question: "a".repeat(2001) }), status: 400, message: /question.*at most 2000/ },
    { name: "number as question", body: JSON.stringify({ question: 12345678901 }), status: 400, message: /question must be a string/ },
    { name: "null question", body: JSON.stringify({ question: null }), status: 400, message: /question must be a string/ },
    { name: "array question", body: JSON.stringify({ question: ["what about cells?"] }), status: 400, message: /question must be a string/ },
    { name: "missing question", body: JSON.stringify({ discipline: "Healthcare" }), status: 400, message: /question is required/ },
    { name: "unknown discipline", body: JSON.stringify({ question: QUESTIONS[0], discipline: "Astrology" }), status: 400, message: /discipline must be one of/ },
    { name: "unknown field", body: JSON.stringify({ question: QUESTIONS[0], model: "demo-careful" }), status: 400, message: /model/ },
    { name: "malformed JSON", body: '{"question": "unterminated', status: 400, message: /not valid JSON/ },
    { name: "JSON array body", body: JSON.stringify([QUESTIONS[0]]), status: 400, message: /JSON object/ },
    { name: "empty body", body: "", status: 400, message: /empty/ },
    { name: "form-encoded body", body: "question=hello+there+friends", contentType: "application/x-www-form-urlencoded", status: 415, message: /JSON/ },
    { name: "oversized body", body: JSON.stringify({ question: "x".repeat(70_000) }), status: 413, message: /larger than/ },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const { api } = await signedInClient("bad-input");
      const before = await tableCounts();
      const res = await api.post("/api/battles", {
        data: Buffer.from(c.body),
        headers: { "Content-Type": c.contentType ?? "application/json" },
      });
      expect(res.status()).toBe(c.status);
      const body = await res.json();
      expect(body.error.message).toMatch(c.message);
      expect(await tableCounts()).toEqual(before);
    });
  }

  test("a question refused by moderation: 422 with the reason, stored once as flagged, nothing else written", async () => {
    const { api, email } = await signedInClient("flagged");
    const question = "Which model are you? Tell me how vaccine storage temperature affects potency.";
    const before = await tableCounts();
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await api.post("/api/battles", { data: { question } });
      expect(res.status()).toBe(422);
      const body = await res.json();
      expect(body.error.message).toMatch(/cannot be asked: .*anonymity/);
      expect(body.error.fields).toEqual([{ field: "question", message: "flagged by moderation (identity-probing)" }]);
    }
    const after = await tableCounts();
    expect(after).toEqual({ ...before, questions: String(Number(before.questions) + 1) });
    const rows = await sql<{ moderationStatus: string; moderationReason: string }>(
      `SELECT q."moderationStatus", q."moderationReason" FROM "Question" q JOIN "User" u ON u.id = q."userId" WHERE u.email = $1`,
      [email],
    );
    expect(rows).toEqual([{ moderationStatus: "FLAGGED", moderationReason: "arena-rules: identity-probing" }]);
  });

  test("signed-out requests are refused before anything else", async ({ request }) => {
    const before = await tableCounts();
    const res = await request.post("/api/battles", { data: { question: QUESTIONS[0] } });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.message).toMatch(/Sign in/);
    expect(await tableCounts()).toEqual(before);
  });
});

test.describe("bad votes", () => {
  test("unknown, foreign, unfinished and failed battles, repeats and malformed votes", async () => {
    const owner = await signedInClient("owner");
    const stranger = await signedInClient("stranger");
    const created = await owner.api.post("/api/battles", { data: { question: QUESTIONS[0] } });
    expect(created.status()).toBe(201);
    const { battleId } = await created.json();

    // Voting while the answers are still streaming.
    const early = await owner.api.post(`/api/battles/${battleId}/vote`, { data: { choice: "A" } });
    expect(early.status()).toBe(409);
    expect((await early.json()).error.message).toMatch(/must finish/);

    await readStream(owner.api, battleId);
    const before = await tableCounts();

    const unknown = await owner.api.post(`/api/battles/cunknownbattle00000000000/vote`, { data: { choice: "A" } });
    expect(unknown.status()).toBe(404);
    const malformedId = await owner.api.post(`/api/battles/not-an-id!/vote`, { data: { choice: "A" } });
    expect(malformedId.status()).toBe(400);
    const foreign = await stranger.api.post(`/api/battles/${battleId}/vote`, { data: { choice: "A" } });
    expect(foreign.status()).toBe(404);
    const foreignStream = await stranger.api.get(`/api/battles/${battleId}/stream`);
    expect(foreignStream.status()).toBe(404);
    const foreignPage = await stranger.api.get(`/battles/${battleId}`);
    expect(foreignPage.status()).toBe(404);
    const badChoice = await owner.api.post(`/api/battles/${battleId}/vote`, { data: { choice: "C" } });
    expect(badChoice.status()).toBe(400);
    expect((await badChoice.json()).error.message).toMatch(/choice must be one of/);
    const badJson = await owner.api.post(`/api/battles/${battleId}/vote`, {
      data: Buffer.from("{choice:"),
      headers: { "Content-Type": "application/json" },
    });
    expect(badJson.status()).toBe(400);
    const longReason = await owner.api.post(`/api/battles/${battleId}/vote`, { data: { choice: "A", reason: "r".repeat(501) } });
    expect(longReason.status()).toBe(400);
    expect(await tableCounts()).toEqual(before);

    const first = await owner.api.post(`/api/battles/${battleId}/vote`, { data: { choice: "B", reason: "clearer" } });
    expect(first.status()).toBe(201);
    const afterVote = await tableCounts();
    const same = await owner.api.post(`/api/battles/${battleId}/vote`, { data: { choice: "B", reason: "clearer" } });
    expect(same.status()).toBe(200);
    expect((await same.json()).vote.choice).toBe("B");
    const different = await owner.api.post(`/api/battles/${battleId}/vote`, { data: { choice: "A" } });
    expect(different.status()).toBe(409);
    expect(await tableCounts()).toEqual(afterVote);
    const [vote] = await sql<{ choice: string }>(`SELECT choice FROM "Vote" WHERE "battleId" = $1`, [battleId]);
    expect(vote.choice).toBe("B");

    // A failed battle cannot be voted on.
    const second = await (await owner.api.post("/api/battles", { data: { question: QUESTIONS[1] } })).json();
    await readStream(owner.api, second.battleId);
    await sql(`UPDATE "Battle" SET status = 'FAILED', "failureReason" = 'test' WHERE id = $1`, [second.battleId]);
    const beforeFailed = await tableCounts();
    const onFailed = await owner.api.post(`/api/battles/${second.battleId}/vote`, { data: { choice: "A" } });
    expect(onFailed.status()).toBe(409);
    expect((await onFailed.json()).error.message).toMatch(/failed/);
    expect(await tableCounts()).toEqual(beforeFailed);
  });
});
