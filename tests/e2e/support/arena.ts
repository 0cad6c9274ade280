import { randomUUID } from "node:crypto";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import pg from "pg";

export const DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_DB_PORT ?? 55499}/postgres`;
export const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3199}`;

/** Runs SQL against the app's own database (to check that refused requests changed nothing). */
export async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function tableCounts() {
  const [row] = await sql<Record<string, string>>(
    `SELECT (SELECT count(*) FROM "Question") AS questions, (SELECT count(*) FROM "Battle") AS battles,
            (SELECT count(*) FROM "Response") AS responses, (SELECT count(*) FROM "Vote") AS votes,
            (SELECT count(*) FROM "RetrievalRun") AS runs`,
  );
  return row;
}

/** A new signed-in user as an API client (dev sign-in through Auth.js' credentials callback). */
export async function signedInClient(label = "user"): Promise<{ api: APIRequestContext; email: string }> {
  const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
  const email = `${label}-${randomUUID().slice(0, 8)}@example.org`;
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  const res = await api.post("/api/auth/callback/dev", {
    form: { csrfToken, name: label, email },
    maxRedirects: 0,
  });
  if (res.status() !== 302) throw new Error(`sign-in failed: ${res.status()}`);
  const session = await (await api.get("/api/auth/session")).json();
  if (session?.user?.email !== email) throw new Error("sign-in did not create a session");
  return { api, email };
}

export interface StreamCapture {
  raw: string;
  headers: Record<string, string>;
  events: { event: string; data: Record<string, unknown>; id?: string }[];
}

/** Reads the SSE stream of a battle to its end over real HTTP. */
export async function readStream(api: APIRequestContext, battleId: string): Promise<StreamCapture> {
  const res = await api.get(`/api/battles/${battleId}/stream`, { timeout: 60_000 });
  const raw = await res.text();
  const events = raw
    .split("\n\n")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
      const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
      const id = lines.find((l) => l.startsWith("id: "))?.slice(4);
      return event && data ? { event, data: JSON.parse(data), id } : null;
    })
    .filter((e): e is NonNullable<typeof e> => e !== null);
  return { raw, headers: res.headers(), events };
}

export const QUESTIONS = [
  "Does vaccine storage temperature in general practice refrigerators reduce vaccine potency?",
  "What are the effects of strain on electronic properties of two-dimensional materials?",
  "How accurate are large language models at answering medical exam questions?",
  "Is laparoscopic surgery safe for patients with renal carcinoma?",
];
