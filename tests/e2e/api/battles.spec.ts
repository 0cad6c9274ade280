import { expect, test } from "@playwright/test";
import { QUESTIONS, readStream, signedInClient, sql } from "../support/arena";

test("two battles streaming at the same time do not mix", async () => {
  const { api } = await signedInClient("parallel");
  const [one, two] = await Promise.all(
    [QUESTIONS[0], QUESTIONS[3]].map(async (question) => (await api.post("/api/battles", { data: { question } })).json()),
  );
  const [streamOne, streamTwo] = await Promise.all([readStream(api, one.battleId), readStream(api, two.battleId)]);
  for (const [battle, stream] of [
    [one, streamOne],
    [two, streamTwo],
  ] as const) {
    expect(stream.events.at(-1)?.event).toBe("ready");
    const refs = stream.events.find((e) => e.event === "references")!.data.references as { externalId: string }[];
    expect(refs.map((r) => r.externalId)).toEqual(battle.references.map((r: { externalId: string }) => r.externalId));
    const rows = await sql<{ side: string; text: string }>(`SELECT side, text FROM "Response" WHERE "battleId" = $1`, [
      battle.battleId,
    ]);
    for (const row of rows) {
      const streamed = stream.events
        .filter((e) => e.event === "delta" && e.data.side === row.side)
        .map((e) => e.data.text)
        .join("");
      expect(streamed).toBe(row.text);
    }
  }
});

test("a reconnect with Last-Event-ID resumes exactly where the stream stopped", async () => {
  const { api } = await signedInClient("resume");
  const { battleId } = await (await api.post("/api/battles", { data: { question: QUESTIONS[2] } })).json();
  const full = await readStream(api, battleId);
  const deltas = full.events.filter((e) => e.event === "delta");
  const cut = deltas[Math.floor(deltas.length / 2)];
  const res = await api.get(`/api/battles/${battleId}/stream`, { headers: { "Last-Event-ID": cut.id! } });
  const resumed = await res.text();
  expect(resumed).not.toContain("event: references");
  const before = full.events.slice(0, full.events.indexOf(cut) + 1);
  const after = resumed
    .split("\n\n")
    .filter((b) => b.includes("event: delta"))
    .map((b) => JSON.parse(b.split("\n").find((l) => l.startsWith("data: "))!.slice(6)));
  for (const side of ["A", "B"]) {
    const text =
      before.filter((e) => e.event === "delta" && e.data.side === side).map((e) => e.data.text).join("") +
      after.filter((d) => d.side === side).map((d) => d.text).join("");
    const [row] = await sql<{ text: string }>(`SELECT text FROM "Response" WHERE "battleId" = $1 AND side = $2`, [battleId, side]);
    expect(text).toBe(row.text);
  }
});

test("signed-out visitors cannot read or stream battles", async ({ request }) => {
  const { api } = await signedInClient("owner");
  const { battleId } = await (await api.post("/api/battles", { data: { question: QUESTIONS[1] } })).json();
  expect((await request.get(`/api/battles/${battleId}`)).status()).toBe(401);
  expect((await request.get(`/api/battles/${battleId}/stream`)).status()).toBe(401);
  expect((await request.post(`/api/battles/${battleId}/vote`, { data: { choice: "A" } })).status()).toBe(401);
  const page = await request.get(`/battles/${battleId}`, { maxRedirects: 0 });
  expect(page.status()).toBeGreaterThanOrEqual(300);
  expect(page.status()).toBeLessThan(400);
});

test("health and readiness", async ({ request }) => {
  expect((await (await request.get("/api/health")).json()).status).toBe("ok");
  expect((await (await request.get("/api/health?ready=1")).json()).database).toBe("up");
});
