import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { BASE_URL, DATABASE_URL, readStream, signedInClient, sql } from "./arena";

// Dataset and judge helpers: counted votes through the real API, consent given in the database (the
// profile pages belong to another feature), the published dataset polled until it includes them.

export interface DatasetSummary {
  status: string;
  snapshot: { id: string; train: { total: number }; eval: { total: number } } | null;
  files: { name: string; url: string; records: number | null; bytes: number | null }[];
}

export async function datasetSummary(api: APIRequestContext): Promise<DatasetSummary> {
  const response = await api.get(`${BASE_URL}/api/dataset`);
  expect(response.status()).toBe(200);
  return response.json();
}

/** Waits until the published dataset is ready and `accept` holds for it (the site re-exports in the background). */
export async function waitForDataset(api: APIRequestContext, accept: (summary: DatasetSummary) => boolean = () => true): Promise<DatasetSummary> {
  let summary: DatasetSummary | undefined;
  await expect
    .poll(async () => {
      summary = await datasetSummary(api);
      return summary.status === "ready" && accept(summary);
    }, { timeout: 60_000, intervals: [250, 500, 1000] })
    .toBe(true);
  return summary!;
}

/** A researcher who consented to the dataset release casts one vote per choice, all in one discipline. */
export async function consentingVotes(label: string, choices: ("A" | "B" | "TIE")[], discipline = "Healthcare") {
  const { api, email } = await signedInClient(label);
  const battleIds: string[] = [];
  for (const choice of choices) {
    const created = await api.post("/api/battles", {
      data: { question: `Does cold storage of vaccines in general practice reduce their potency? (${randomUUID().slice(0, 6)} ${choice})`, discipline },
    });
    expect(created.status()).toBe(201);
    const { battleId } = await created.json();
    const stream = await readStream(api, battleId);
    expect(stream.events.at(-1)?.event).toBe("ready");
    const vote = await api.post(`/api/battles/${battleId}/vote`, { data: { choice } });
    expect(vote.status()).toBe(201);
    battleIds.push(battleId);
  }
  const [user] = await sql<{ id: string; name: string }>(`SELECT id, name FROM "User" WHERE email = $1`, [email]);
  await sql(
    `INSERT INTO "ResearcherProfile" ("userId", "datasetConsentAt", "termsConsentAt", "updatedAt") VALUES ($1, now(), now(), now())
     ON CONFLICT ("userId") DO UPDATE SET "datasetConsentAt" = now()`,
    [user.id],
  );
  const votes = await sql<{ id: string }>(`SELECT id FROM "Vote" WHERE "battleId" = ANY($1::text[])`, [battleIds]);
  return { api, email, name: user.name, voteIds: votes.map((vote) => vote.id) };
}

/** Runs a CLI of this checkout against the e2e database. */
export function runCli(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { ...process.env, DATABASE_URL, LOG_LEVEL: "silent", DATA_DIR: ".data/e2e-cli" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
