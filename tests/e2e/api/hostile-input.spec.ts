import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { castVoteSchema, createBattleSchema } from "@/lib/battles/schemas";
import { profileInputSchema } from "@/lib/profile/profile-schema";
import { BASE_URL, signedInClient, sql } from "../support/arena";

// Property-based hostile input over real HTTP: generated requests against every route handler (wrong
// methods, types, encodings, huge and binary bodies, missing fields, odd paths and queries), from
// signed-out visitors and from a researcher. None may answer 5xx, and none may write anything.
// HOSTILE_RUNS sets how many (10,000 by default).

const RUNS = Number(process.env.HOSTILE_RUNS ?? 10_000);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261127);

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

const oddSegment = fc.oneof(
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.string({ unit: "grapheme", maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom("..%2F..%2Fetc%2Fpasswd", "%E0%A4%A", "%00", "%ff%fe", "null", "undefined", "0", "-1", "1e309", "%2e%2e", "NaN"),
  fc.stringMatching(/^[a-z0-9]{20,40}$/),
  fc.string({ minLength: 300, maxLength: 3000 }).map(encodeURIComponent),
);

/** Every API route of the app, with a generator of paths that reach it. */
const ROUTES: { name: string; path: fc.Arbitrary<string> }[] = [
  { name: "/api/battles", path: fc.constant("/api/battles") },
  { name: "/api/battles/[id]", path: oddSegment.map((id) => `/api/battles/${id}`) },
  { name: "/api/battles/[id]/stream", path: oddSegment.map((id) => `/api/battles/${id}/stream`) },
  { name: "/api/battles/[id]/vote", path: oddSegment.map((id) => `/api/battles/${id}/vote`) },
  { name: "/api/battles/next", path: fc.constant("/api/battles/next") },
  { name: "/api/profile", path: fc.constant("/api/profile") },
  { name: "/api/admin/jobs", path: fc.constant("/api/admin/jobs") },
  { name: "/api/admin/models/[id]", path: oddSegment.map((id) => `/api/admin/models/${id}`) },
  { name: "/api/admin/questions/[id]", path: oddSegment.map((id) => `/api/admin/questions/${id}`) },
  { name: "/api/admin/annotators/[id]", path: oddSegment.map((id) => `/api/admin/annotators/${id}`) },
  { name: "/api/admin/users/[id]/role", path: oddSegment.map((id) => `/api/admin/users/${id}/role`) },
  { name: "/api/dataset", path: fc.constant("/api/dataset") },
  { name: "/api/dataset/[file]", path: oddSegment.map((file) => `/api/dataset/${file}`) },
  { name: "/api/health", path: fc.constant("/api/health") },
  { name: "/api/judges", path: fc.constant("/api/judges") },
  { name: "/api/leaderboard", path: fc.constant("/api/leaderboard") },
  { name: "/leaderboard/select", path: fc.constant("/leaderboard/select") },
  {
    name: "/api/auth/[...nextauth]",
    path: fc
      .constantFrom("session", "csrf", "providers", "signin", "signout", "callback/dev", "callback/unknown", "error", "nonsense")
      .chain((action) => oddSegment.map((extra) => (Math.abs(extra.length % 5) === 0 ? `/api/auth/${action}/${extra}` : `/api/auth/${action}`))),
  },
];

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom("scope", "style", "format", "include", "ready", "after", "callbackUrl", "q"), fc.string({ maxLength: 20 })),
      fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("discipline:Astrology", "csv", "xml", "true", "-1", "999999999999", "%", "<script>")),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}` : ""));

// Bodies that are almost right are the interesting ones: the right keys with the wrong types.
const nearMissBody = fc.oneof(
  fc.record({ question: fc.anything(), discipline: fc.anything() }, { requiredKeys: [] }),
  fc.record({ choice: fc.anything(), reason: fc.anything() }, { requiredKeys: [] }),
  fc.record(
    { discipline: fc.anything(), subfield: fc.anything(), careerStage: fc.anything(), acceptTerms: fc.anything(), datasetConsent: fc.anything() },
    { requiredKeys: [] },
  ),
  fc.record({ kind: fc.oneof(fc.anything(), fc.constantFrom("ratings", "export", "quality")), active: fc.anything(), role: fc.anything(), action: fc.anything(), decision: fc.anything() }, { requiredKeys: [] }),
  fc.record({ question: fc.string({ maxLength: 20 }), choice: fc.constantFrom("A", "B", "TIE", "BOTH_BAD", "a", "C", ""), extra: fc.jsonValue() }),
);

const body = fc.oneof(
  { weight: 4, arbitrary: nearMissBody.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constantFrom("", "{", "[]", "null", '{"question":', "\u0000", '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}') },
  { weight: 1, arbitrary: fc.integer({ min: 70_000, max: 2_000_000 }).map((n) => JSON.stringify({ question: "x".repeat(n) })) },
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=zzz",
  "application/octet-stream",
  "",
  "application/json;;charset=",
  "APPLICATION/JSON",
);

const request = fc.record({
  route: fc.constantFrom(...ROUTES).chain((route) => route.path.map((path) => ({ name: route.name, path }))),
  // Mostly the methods the routes serve, so the handlers themselves get the hostile input.
  method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom("GET", "POST") }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
  query: queryString,
  body,
  contentType,
  signedIn: fc.boolean(),
});

/** True for a body our schemas would accept: such a request may legitimately write, so it is left out. */
function acceptable(raw: string | Buffer): boolean {
  try {
    const value = JSON.parse(raw.toString());
    return [createBattleSchema, castVoteSchema, profileInputSchema].some((schema) => schema.safeParse(value).success);
  } catch {
    return false;
  }
}

async function dataCounts(): Promise<Record<string, string>> {
  const [row] = await sql<Record<string, string>>(
    `SELECT (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "Question") AS questions,
            (SELECT count(*) FROM "Battle") AS battles, (SELECT count(*) FROM "Response") AS responses,
            (SELECT count(*) FROM "Vote") AS votes, (SELECT count(*) FROM "RetrievalRun") AS runs,
            (SELECT count(*) FROM "Paper") AS papers, (SELECT count(*) FROM "Model") AS models,
            (SELECT count(*) FROM "RatingRun") AS ratings, (SELECT count(*) FROM "JudgeEvaluation") AS judges,
            (SELECT count(*) FROM "ResearcherProfile") AS profiles, (SELECT count(*) FROM "Job") AS jobs,
            (SELECT count(*) FROM "AnnotatorFlag") AS flags,
            (SELECT max("updatedAt") FROM "ResearcherProfile")::text AS "profilesUpdated",
            (SELECT max("updatedAt") FROM "User")::text AS "usersUpdated",
            (SELECT max("updatedAt") FROM "Model")::text AS "modelsUpdated"`,
  );
  return row;
}

function routesOnDisk(dir = "app", prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routesOnDisk(path.join(dir, entry.name), `${prefix}/${entry.name}`);
    return entry.name === "route.ts" ? [prefix || "/"] : [];
  });
}

test("the hostile-input suite covers every route handler of the app", () => {
  expect(ROUTES.map((r) => r.name).sort()).toEqual(routesOnDisk().sort());
});

test("10,000 generated hostile requests across every API route: no 5xx, nothing written", async () => {
  test.setTimeout(30 * 60_000);
  const { api: signedIn } = await signedInClient("hostile");
  // Plain fetch with the session cookie: many times faster than going through the browser driver.
  const cookie = (await signedIn.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const before = await dataCounts();
  const statuses = new Map<number, number>();
  const perRoute = new Map<string, number>();
  let sent = 0;

  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      fc.pre(!(r.method === "POST" && acceptable(r.body)));
      const path = r.route.path + r.query;
      const headers: Record<string, string> = {};
      if (r.contentType) headers["Content-Type"] = r.contentType;
      if (r.signedIn) headers.Cookie = cookie;
      const hasBody = !["GET", "HEAD"].includes(r.method);
      const res = await fetch(`${BASE_URL}${path}`, {
        method: r.method,
        headers,
        body: hasBody ? (typeof r.body === "string" ? r.body : new Uint8Array(r.body)) : undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(30_000),
      });
      // A stream of a battle that does not exist ends at once; read whatever arrived.
      await res.arrayBuffer().catch(() => undefined);
      sent += 1;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      perRoute.set(r.route.name, (perRoute.get(r.route.name) ?? 0) + 1);
      expect(res.status, `${r.method} ${path.slice(0, 200)} (${r.contentType}) answered ${res.status}`).toBeLessThan(500);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );

  expect(await dataCounts()).toEqual(before);
  expect(sent).toBeGreaterThanOrEqual(RUNS);
  // Every route was exercised.
  expect([...perRoute.keys()].sort()).toEqual(ROUTES.map((r) => r.name).sort());
  console.log(`hostile input: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
});
