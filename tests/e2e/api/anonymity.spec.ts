import { expect, test } from "@playwright/test";
import { QUESTIONS, readStream, signedInClient, sql } from "../support/arena";

// Nothing the browser receives before the vote may name or fingerprint a model: not the HTML, not the
// JSON, not the SSE events, not the headers.

test("no model identifier reaches the browser before the vote", async () => {
  const models = await sql<{ slug: string; displayName: string; provider: string; providerModel: string; organization: string }>(
    `SELECT slug, "displayName", provider, "providerModel", organization FROM "Model"`,
  );
  expect(models.length).toBeGreaterThanOrEqual(3);
  const identifiers = [
    ...new Set(models.flatMap((m) => [m.slug, m.displayName, m.provider, m.organization, `${m.provider}/${m.providerModel}`])),
  ].map((s) => s.toLowerCase());

  const { api } = await signedInClient("anon");
  const received: { what: string; text: string }[] = [];
  const headersText = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join("\n");

  for (const question of QUESTIONS) {
    const created = await api.post("/api/battles", { data: { question } });
    expect(created.status()).toBe(201);
    received.push({ what: "create JSON", text: await created.text() }, { what: "create headers", text: headersText(created.headers()) });
    const { battleId } = JSON.parse(received.at(-2)!.text);

    const page = await api.get(`/battles/${battleId}`);
    received.push({ what: "battle page", text: await page.text() }, { what: "page headers", text: headersText(page.headers()) });
    const stream = await readStream(api, battleId);
    expect(stream.events.at(-1)?.event).toBe("ready");
    received.push({ what: "SSE", text: stream.raw }, { what: "SSE headers", text: headersText(stream.headers) });
    const view = await api.get(`/api/battles/${battleId}`);
    received.push({ what: "battle JSON", text: await view.text() });
    const ask = await api.get(`/`);
    received.push({ what: "ask page", text: await ask.text() });

    for (const { what, text } of received) {
      const lower = text.toLowerCase();
      for (const id of identifiers) expect(lower.includes(id), `${what} contains "${id}"`).toBe(false);
    }
    received.length = 0;

    // The search itself works: the vote response does name the models.
    const vote = await api.post(`/api/battles/${battleId}/vote`, { data: { choice: "TIE" } });
    const revealed = (await vote.text()).toLowerCase();
    expect(identifiers.some((id) => revealed.includes(id))).toBe(true);
  }
});
