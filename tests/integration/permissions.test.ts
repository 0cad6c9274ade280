import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBattle } from "@/lib/battles/create-battle";
import { waitForBattle } from "@/lib/battles/run-battle";
import { describeDataset } from "@/lib/dataset-export/describe";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createUser, ensureArenaData } from "./helpers/fixtures";

// Every page and API route of app/, called as Next would call it, for each kind of visitor. The routes are
// found on disk, so a new page or route without an entry in ACCESS fails the first test.

const session = vi.hoisted(() => ({ userId: null as string | null }));
// The request's session cookie: a real Session row of the user the test acts as (or none).
vi.mock("@/lib/auth/session-cookie", () => ({
  sessionTokenFromCookies: async () => {
    if (!session.userId) return null;
    const { sessionTokenFor } = await import("./helpers/fixtures");
    return sessionTokenFor(session.userId);
  },
}));

// Admin jobs are started for real but run a no-op here: this file is about who may start them (tests/integration/jobs.test.ts runs them).
vi.mock("@/lib/jobs/job-kinds", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/jobs/job-kinds")>();
  const noop = async () => ({ ok: true });
  return { ...original, JOB_RUNNERS: { ratings: noop, export: noop, quality: noop } };
});

const ENV_ADMIN_EMAIL = `env-admin-${process.pid}@example.org`;
process.env.AUTH_SECRET ??= "permissions-test-secret-0123456789";
process.env.ADMIN_EMAILS = `someone-else@example.org, ${ENV_ADMIN_EMAIL.toUpperCase()}`;
resetEnvCache();

const APP = path.join(import.meta.dirname, "..", "..", "app");
const PERSONAS = ["anonymous", "newcomer", "researcher", "other", "admin", "envAdmin"] as const;
type Persona = (typeof PERSONAS)[number];

/** A route handler's status, or what a page did: rendered ("ok"), redirected ("→/path") or "404". */
type Outcome = number | "ok" | "404" | `→${string}`;

interface Fixtures {
  battleId: string;
  questionId: string;
  modelId: string;
  /** Whether an earlier test file left a published dataset snapshot in this database's data folder. */
  datasetPublished: boolean;
  ids: Record<Persona, string | null>;
}

interface Entry {
  /** The URL path the request is made for (default: the route's pattern). */
  url?: (f: Fixtures) => string;
  params?: (f: Fixtures) => Record<string, unknown>;
  body?: (f: Fixtures) => unknown;
  /** Sent as application/x-www-form-urlencoded instead of a JSON body. */
  form?: (f: Fixtures) => Record<string, string>;
  expect: Record<Persona, Outcome> | ((f: Fixtures) => Record<Persona, Outcome>);
  /** Runs after each visitor's call (e.g. wait for a started job to end). */
  after?: () => Promise<void>;
}

const adminsOnly = (allowed: Outcome): Record<Persona, Outcome> => ({ anonymous: 401, newcomer: 403, researcher: 403, other: 403, admin: allowed, envAdmin: allowed });

async function jobsFinished() {
  for (let i = 0; i < 200; i++) {
    if ((await getDb().job.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("admin jobs did not finish");
}

const everyone = (outcome: Outcome): Record<Persona, Outcome> =>
  Object.fromEntries(PERSONAS.map((p) => [p, outcome])) as Record<Persona, Outcome>;

const QUESTION = "Does vaccine storage temperature affect vaccine potency in general practice?";

/**
 * Who may do what. newcomer: signed in, no researcher profile yet; researcher: owns the fixture battle;
 * other: a second researcher; admin: role granted in the database; envAdmin: listed in ADMIN_EMAILS, no profile.
 */
const ACCESS: Record<string, Entry> = {
  // ---------------------------------------------------------------- pages
  "PAGE /": { expect: { anonymous: "ok", newcomer: "→/onboarding", researcher: "ok", other: "ok", admin: "ok", envAdmin: "→/onboarding" } },
  "PAGE /battles/[id]": {
    params: (f) => ({ id: f.battleId }),
    expect: { anonymous: "→/signin", newcomer: "→/onboarding", researcher: "ok", other: "404", admin: "404", envAdmin: "→/onboarding" },
  },
  "PAGE /admin": { expect: { anonymous: "→/signin", newcomer: "404", researcher: "404", other: "404", admin: "ok", envAdmin: "ok" } },
  "PAGE /dataset": { expect: everyone("ok") },
  "PAGE /judges": { expect: everyone("ok") },
  "PAGE /leaderboard/[[...view]]": { params: () => ({ view: undefined }), expect: everyone("ok") },
  "PAGE /onboarding": { expect: { ...everyone("ok"), anonymous: "→/signin" } },
  "PAGE /signin": { expect: { ...everyone("→/"), anonymous: "ok" } },

  // ---------------------------------------------------------------- API
  "GET /api/auth/[...nextauth]": { url: () => "/api/auth/session", params: () => ({ nextauth: ["session"] }), expect: everyone(200) },
  "POST /api/auth/[...nextauth]": {
    // Without Auth.js' CSRF token a sign-in attempt is turned away (a redirect to the error page), for everyone.
    url: () => "/api/auth/callback/dev",
    params: () => ({ nextauth: ["callback", "dev"] }),
    form: () => ({ name: "Mallory", email: "mallory@example.org" }),
    expect: everyone(302),
  },
  "POST /api/battles": {
    body: () => ({ question: QUESTION, discipline: "Healthcare" }),
    expect: { anonymous: 401, newcomer: 403, researcher: 201, other: 201, admin: 201, envAdmin: 403 },
  },
  // What comes after a vote (sometimes an earlier battle again): researchers only.
  "POST /api/battles/next": { body: () => ({}), expect: { anonymous: 401, newcomer: 403, researcher: 200, other: 200, admin: 200, envAdmin: 403 } },
  "GET /api/battles/[id]": {
    params: (f) => ({ id: f.battleId }),
    expect: { anonymous: 401, newcomer: 404, researcher: 200, other: 404, admin: 404, envAdmin: 404 },
  },
  "GET /api/battles/[id]/stream": {
    params: (f) => ({ id: f.battleId }),
    expect: { anonymous: 401, newcomer: 404, researcher: 200, other: 404, admin: 404, envAdmin: 404 },
  },
  "POST /api/battles/[id]/vote": {
    params: (f) => ({ id: f.battleId }),
    body: () => ({ choice: "A" }),
    // The owner's first call records the vote (201); nobody else learns the battle exists.
    expect: { anonymous: 401, newcomer: 403, researcher: 201, other: 404, admin: 404, envAdmin: 403 },
  },
  "GET /api/dataset": { expect: everyone(200) },
  // Public: the same answer for everyone (404 until an export has been published).
  "GET /api/dataset/[file]": { params: () => ({ file: "README.md" }), expect: (f) => everyone(f.datasetPublished ? 200 : 404) },
  "HEAD /api/dataset/[file]": { params: () => ({ file: "README.md" }), expect: (f) => everyone(f.datasetPublished ? 200 : 404) },
  "GET /api/health": { expect: everyone(200) },
  "GET /api/judges": { expect: everyone(200) },
  "GET /api/leaderboard": { expect: everyone(200) },
  "GET /leaderboard/select": { expect: everyone(303) },
  "GET /api/profile": { expect: { ...everyone(200), anonymous: 401 } },
  "POST /api/profile": {
    body: () => ({
      discipline: "Healthcare",
      subfield: "Oncology",
      careerStage: "PhD student",
      publicationBand: "1-5",
      acceptTerms: true,
      datasetConsent: true,
    }),
    expect: { ...everyone(200), anonymous: 401 },
  },
  "POST /api/admin/models/[id]": { params: (f) => ({ id: f.modelId }), body: () => ({ active: true }), expect: adminsOnly(200) },
  "POST /api/admin/questions/[id]": { params: (f) => ({ id: f.questionId }), body: () => ({ decision: "allow" }), expect: adminsOnly(200) },
  "POST /api/admin/annotators/[id]": { params: (f) => ({ id: f.ids.other }), body: () => ({ action: "reinstate" }), expect: adminsOnly(200) },
  "GET /api/admin/jobs": { expect: adminsOnly(200) },
  "POST /api/admin/jobs": { body: () => ({ kind: "quality" }), expect: adminsOnly(202), after: jobsFinished },
  "POST /api/admin/users/[id]/role": {
    params: (f) => ({ id: f.ids.newcomer }),
    body: () => ({ role: "admin" }),
    expect: { anonymous: 401, newcomer: 403, researcher: 403, other: 403, admin: 200, envAdmin: 200 },
  },
};

// The order in which personas call each route: the owner last, so a state change (the vote, the profile)
// cannot hide what the others would have been allowed to do.
const ORDER: Persona[] = ["anonymous", "newcomer", "other", "admin", "envAdmin", "researcher"];
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

function findFiles(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, name);
    return entry.name === name ? [full] : [];
  });
}

const routePath = (file: string) => "/" + path.relative(APP, path.dirname(file)).split(path.sep).join("/");
const pageFiles = findFiles(APP, "page.tsx");
const routeFiles = findFiles(APP, "route.ts");

async function discoveredKeys(): Promise<Map<string, { file: string; method: string }>> {
  const keys = new Map<string, { file: string; method: string }>();
  for (const file of pageFiles) keys.set(`PAGE ${routePath(file).replace(/^\/$/, "/").replace(/\/$/, "") || "/"}`, { file, method: "PAGE" });
  for (const file of routeFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) if (typeof mod[method] === "function") keys.set(`${method} ${routePath(file)}`, { file, method });
  }
  return keys;
}

function pageOutcome(error: unknown): Outcome {
  const digest = (error as { digest?: unknown })?.digest;
  if (typeof digest !== "string") throw error;
  if (digest.startsWith("NEXT_REDIRECT;")) return `→${digest.split(";")[2].split("?")[0]}`;
  if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "404";
  throw error;
}

let fixtures: Fixtures;
const created: string[] = [];

async function profileFor(userId: string, role: "RESEARCHER" | "ADMIN" = "RESEARCHER") {
  await getDb().researcherProfile.create({
    data: { userId, role, discipline: "Healthcare", subfield: "Oncology", careerStage: "Postdoctoral researcher", publicationBand: "6-20", termsConsentAt: new Date() },
  });
}

beforeAll(async () => {
  await ensureArenaData();
  const [newcomer, researcher, other, admin] = await Promise.all([createUser("newcomer"), createUser("owner"), createUser("other"), createUser("admin")]);
  const envAdmin = await getDb().user.create({ data: { email: ENV_ADMIN_EMAIL, name: "Env admin" } });
  await profileFor(researcher.id);
  await profileFor(other.id);
  await profileFor(admin.id, "ADMIN");
  const battle = await createBattle(researcher.id, { question: QUESTION, discipline: "Healthcare" });
  await waitForBattle(battle.battleId);
  // Wait for the first export the dataset routes start in the background, so what they serve stays put.
  const dataset = await describeDataset({ waitMs: 120_000 });
  const stored = await getDb().battle.findUniqueOrThrow({ where: { id: battle.battleId } });
  fixtures = {
    battleId: battle.battleId,
    questionId: stored.questionId,
    modelId: stored.modelAId,
    datasetPublished: dataset.files.some((file) => file.name === "README.md"),
    ids: { anonymous: null, newcomer: newcomer.id, researcher: researcher.id, other: other.id, admin: admin.id, envAdmin: envAdmin.id },
  };
});

afterAll(async () => {
  // Battles the test started must finish before the database connection closes.
  await Promise.all(created.map((id) => waitForBattle(id)));
});

async function call(key: string, file: string, method: string, persona: Persona): Promise<Outcome> {
  const entry = ACCESS[key];
  session.userId = fixtures.ids[persona];
  const params = entry.params?.(fixtures) ?? {};
  const mod = (await import(file)) as Record<string, unknown>;
  if (method === "PAGE") {
    const page = mod.default as (props: unknown) => Promise<unknown>;
    try {
      await page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) });
      return "ok";
    } catch (error) {
      return pageOutcome(error);
    }
  }
  const url = new URL(entry.url?.(fixtures) ?? key.split(" ")[1], "http://localhost");
  const body = entry.body?.(fixtures);
  const form = entry.form?.(fixtures);
  const request = new Request(url, {
    method,
    headers: form ? { "content-type": "application/x-www-form-urlencoded" } : body === undefined ? {} : { "content-type": "application/json" },
    body: form ? new URLSearchParams(form).toString() : body === undefined ? undefined : JSON.stringify(body),
  });
  const handler = mod[method] as (request: Request, context: unknown) => Promise<Response>;
  const response = await handler(request, { params: Promise.resolve(params) });
  if (key === "POST /api/battles" && response.status === 201) created.push(((await response.json()) as { battleId: string }).battleId);
  else await response.body?.cancel();
  return response.status;
}

describe("permissions of every page and API route", () => {
  it("has an entry for every page and route in app/, and none for routes that do not exist", async () => {
    const keys = [...(await discoveredKeys()).keys()].sort();
    expect(keys.length).toBeGreaterThan(10);
    expect(Object.keys(ACCESS).sort()).toEqual(keys);
  });

  it.each(Object.keys(ACCESS))("%s", async (key) => {
    const target = (await discoveredKeys()).get(key);
    expect(target, `${key} is not a page or route in app/`).toBeDefined();
    const outcomes: Partial<Record<Persona, Outcome>> = {};
    for (const persona of ORDER) {
      outcomes[persona] = await call(key, target!.file, target!.method, persona);
      await ACCESS[key].after?.();
    }
    const expected = ACCESS[key].expect;
    expect(outcomes).toEqual(typeof expected === "function" ? expected(fixtures) : expected);
  });

  it("a researcher's vote cannot be cast by the other researcher or an admin: only the owner's vote exists", async () => {
    const votes = await getDb().vote.findMany({ where: { battleId: fixtures.battleId } });
    expect(votes.map((v) => v.userId)).toEqual([fixtures.ids.researcher]);
  });

  it("the admin role granted by an admin is stored", async () => {
    const profile = await getDb().researcherProfile.findUniqueOrThrow({ where: { userId: fixtures.ids.newcomer! } });
    expect(profile.role).toBe("ADMIN");
  });
});
