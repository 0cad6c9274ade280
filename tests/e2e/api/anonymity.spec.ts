import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { requireSharedDataDir } from "@/lib/corpus/shared-data";
import { readStream, signedInClient, sql } from "../support/arena";

// Nothing the browser receives before the vote may name or fingerprint a model: not the HTML, not the
// JSON, not the SSE events, not the headers. ANONYMITY_BATTLES battles (100 by default) with real
// PubMedQA questions, ANONYMITY_CONCURRENCY at a time.

const BATTLES = Number(process.env.ANONYMITY_BATTLES ?? 100);
const CONCURRENCY = Number(process.env.ANONYMITY_CONCURRENCY ?? 10);

function realQuestions(count: number): string[] {
  const file = path.join(requireSharedDataDir(), "corpus", "questions", "pubmedqa_pqal_questions.jsonl");
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { question: string }).question)
    .filter((q) => q.length >= 10 && q.length <= 2000)
    .slice(0, count);
}

const headersText = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join("\n");

/** Every byte the browser gets for one battle before its vote, labelled by where it came from. */
async function receivedBeforeVote(api: APIRequestContext, question: string) {
  const received: { what: string; text: string }[] = [];
  const created = await api.post("/api/battles", { data: { question } });
  expect(created.status(), await created.text()).toBe(201);
  received.push({ what: "create JSON", text: await created.text() }, { what: "create headers", text: headersText(created.headers()) });
  const { battleId } = JSON.parse(received[0].text) as { battleId: string };
  const page = await api.get(`/battles/${battleId}`);
  received.push({ what: "battle page", text: await page.text() }, { what: "page headers", text: headersText(page.headers()) });
  const stream = await readStream(api, battleId);
  expect(stream.events.at(-1)?.event).toBe("ready");
  received.push({ what: "SSE", text: stream.raw }, { what: "SSE headers", text: headersText(stream.headers) });
  const view = await api.get(`/api/battles/${battleId}`);
  received.push({ what: "battle JSON", text: await view.text() });
  const reloaded = await api.get(`/battles/${battleId}`);
  received.push({ what: "battle page after the answers", text: await reloaded.text() });
  return { battleId, received };
}

test(`no model identifier reaches the browser before the vote (${BATTLES} battles)`, async () => {
  test.setTimeout(20 * 60_000);
  const models = await sql<{ slug: string; displayName: string; provider: string; providerModel: string; organization: string }>(
    `SELECT slug, "displayName", provider, "providerModel", organization FROM "Model"`,
  );
  expect(models.length).toBeGreaterThanOrEqual(3);
  const identifiers = [
    ...new Set(models.flatMap((m) => [m.slug, m.displayName, m.provider, m.organization, `${m.provider}/${m.providerModel}`])),
  ].map((s) => s.toLowerCase());

  const questions = realQuestions(BATTLES);
  expect(questions).toHaveLength(BATTLES);
  const clients = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => signedInClient(`anon-${i}`)));
  const ask = await clients[0].api.get("/");
  const askPage = (await ask.text()).toLowerCase();
  for (const id of identifiers) expect(askPage.includes(id), `ask page contains "${id}"`).toBe(false);

  let next = 0;
  let checkedBytes = 0;
  const seenPairs = new Set<string>();
  await Promise.all(
    clients.map(async ({ api }) => {
      while (next < questions.length) {
        const question = questions[next++];
        const { battleId, received } = await receivedBeforeVote(api, question);
        for (const { what, text } of received) {
          checkedBytes += Buffer.byteLength(text);
          const lower = text.toLowerCase();
          for (const id of identifiers) expect(lower.includes(id), `battle ${battleId}: ${what} contains "${id}"`).toBe(false);
        }
        // The search itself works: the vote response does name the models.
        const vote = await api.post(`/api/battles/${battleId}/vote`, { data: { choice: "TIE" } });
        expect(vote.status()).toBe(201);
        const revealed = (await vote.text()).toLowerCase();
        const named = identifiers.filter((id) => revealed.includes(id));
        expect(named.length).toBeGreaterThan(0);
        seenPairs.add(named.sort().join("|"));
      }
    }),
  );
  console.log(`anonymity: ${questions.length} battles, ${(checkedBytes / 1e6).toFixed(1)} MB checked, ${seenPairs.size} distinct model pairs`);
  // Different pairs of models were drawn, so the search covered every model's answers.
  expect(seenPairs.size).toBeGreaterThan(1);
});
