import net from "node:net";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { BASE_URL, QUESTIONS, readStream, signedInClient, sql } from "../support/arena";

// The production server answers POST /api/battles/:id/vote itself (lib/http/fast-vote.ts, docs/decisions/063)
// instead of Next's route file. Both must answer alike. The fast path takes only the plain URL, so the same
// request with a query string reaches the route file: every case below is sent both ways and the answers
// compared. The e2e server sets FAST_VOTE_MARKER, so the fast path's answers carry X-Fast-Path: 1; each case also
// checks that the plain URL did take the fast path (and the other did not), so the spec fails if the fast path is off.

const VIA_NEXT = "?via=next";
// Differ between any two answers, or only mark which path answered; or framing: Next drops a route's Content-Length
// and gzips JSON for clients that accept it, the fast path sends the same bytes uncompressed with their length.
const PER_ANSWER = new Set(["date", "x-request-id", "x-fast-path", "retry-after", "content-length", "content-encoding", "transfer-encoding"]);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

async function answer(response: APIResponse): Promise<Answer> {
  const text = await response.text();
  const headers = response.headers();
  if (headers["x-fast-path"]) {
    expect(headers["content-encoding"]).toBeUndefined();
    expect(headers["content-length"]).toBe(String(Buffer.byteLength(text)));
  }
  return { status: response.status(), headers, body: JSON.parse(text) };
}

type PostOptions = Parameters<APIRequestContext["post"]>[1];

/** The same request through the fast path and through Next's route file (each to its own battle when given two). */
async function bothWays(api: APIRequestContext, battleIds: string | [string, string], options: PostOptions) {
  const [fastId, nextId] = typeof battleIds === "string" ? [battleIds, battleIds] : battleIds;
  const fast = await answer(await api.post(`/api/battles/${fastId}/vote`, options));
  const viaNext = await answer(await api.post(`/api/battles/${nextId}/vote${VIA_NEXT}`, options));
  expect(fast.headers["x-fast-path"], "the plain URL took the fast path").toBe("1");
  expect(viaNext.headers["x-fast-path"], "the URL with a query string reached Next's route file").toBeUndefined();
  return { fast, viaNext };
}

/** Status, headers (all but the per-answer ones) and body must match; `normalize` evens out what differs by battle. */
function expectAlike({ fast, viaNext }: { fast: Answer; viaNext: Answer }, normalize: (body: unknown) => unknown = (b) => b) {
  expect(fast.status).toBe(viaNext.status);
  const stable = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name)));
  expect(stable(fast.headers)).toEqual(stable(viaNext.headers));
  for (const a of [fast, viaNext]) {
    expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(a.headers["cache-control"]).toBe("no-store");
  }
  expect(normalize(fast.body)).toEqual(normalize(viaNext.body));
}

interface VoteBody {
  vote: { choice: string; reason: string | null; createdAt: string };
  models: { side: string; slug: string; displayName: string; organization: string }[];
  replayed: boolean;
}

/** A vote answer with its time and revealed models checked against the database, then replaced by placeholders. */
async function checkedVote(body: unknown, battleId: string) {
  const vote = body as VoteBody;
  expect(vote.vote.createdAt).toMatch(ISO_TIME);
  const [row] = await sql<{ a: string; b: string }>(
    `SELECT ma.slug AS a, mb.slug AS b FROM "Battle" b JOIN "Model" ma ON ma.id = b."modelAId" JOIN "Model" mb ON mb.id = b."modelBId" WHERE b.id = $1`,
    [battleId],
  );
  expect(vote.models.map((m) => [m.side, m.slug])).toEqual([["A", row.a], ["B", row.b]]);
  return { ...vote, vote: { ...vote.vote, createdAt: "<time>" }, models: vote.models.map((m) => ({ side: m.side, ok: typeof m.displayName === "string" })) };
}

async function readyBattle(api: APIRequestContext, question: string): Promise<string> {
  const created = await api.post("/api/battles", { data: { question } });
  expect(created.status()).toBe(201);
  const { battleId } = await created.json();
  expect((await readStream(api, battleId)).events.at(-1)?.event).toBe("ready");
  return battleId;
}

test("the fast vote path and Next's route file give the same answers", async ({ request }) => {
  test.setTimeout(120_000);
  const owner = await signedInClient("fastvote");
  const stranger = await signedInClient("fastvote-stranger");
  const [first, second, third] = await Promise.all(QUESTIONS.slice(0, 3).map((q) => readyBattle(owner.api, q)));

  // 201: a new vote, each path on its own battle.
  const created = await bothWays(owner.api, [first, second], { data: { choice: "B", reason: "clearer" } });
  expect(created.fast.status).toBe(201);
  expect(created.fast.headers["content-type"]).toBe("application/json; charset=utf-8");
  expectAlike({ fast: { ...created.fast, body: await checkedVote(created.fast.body, first) }, viaNext: { ...created.viaNext, body: await checkedVote(created.viaNext.body, second) } });
  const votes = await sql<{ battleId: string; choice: string; reason: string }>(`SELECT "battleId", choice::text, reason FROM "Vote" WHERE "battleId" = ANY($1) ORDER BY "battleId"`, [[first, second]]);
  expect(votes.map((v) => [v.battleId, v.choice, v.reason])).toEqual([first, second].sort().map((id) => [id, "B", "clearer"]));

  // 200: the same vote again is a replay.
  const replayed = await bothWays(owner.api, [first, second], { data: { choice: "B", reason: "clearer" } });
  expect(replayed.fast.status).toBe(200);
  expect((replayed.fast.body as VoteBody).replayed).toBe(true);
  expectAlike({ fast: { ...replayed.fast, body: await checkedVote(replayed.fast.body, first) }, viaNext: { ...replayed.viaNext, body: await checkedVote(replayed.viaNext.body, second) } });

  // 409: another choice on a voted battle.
  const changed = await bothWays(owner.api, [first, second], { data: { choice: "A" } });
  expect(changed.fast.status).toBe(409);
  expectAlike(changed);

  // 400: bad bodies and a malformed id; 415 and 413 for the body's type and size.
  const badBodies: { data: Buffer | object; headers?: Record<string, string>; status: number }[] = [
    { data: { choice: "C" }, status: 400 },
    { data: { choice: "A", reason: "r".repeat(501) }, status: 400 },
    { data: { choice: "A", extra: 1 }, status: 400 },
    { data: Buffer.from("{choice:"), headers: { "Content-Type": "application/json" }, status: 400 },
    { data: Buffer.from(""), headers: { "Content-Type": "application/json" }, status: 400 },
    { data: Buffer.from("[1]"), headers: { "Content-Type": "application/json" }, status: 400 },
    { data: Buffer.from([0x7b, 0xff, 0x7d]), headers: { "Content-Type": "application/json" }, status: 400 },
    { data: Buffer.from("choice=A"), headers: { "Content-Type": "application/x-www-form-urlencoded" }, status: 415 },
    { data: Buffer.from(JSON.stringify({ choice: "A", reason: "x".repeat(70_000) })), headers: { "Content-Type": "application/json" }, status: 413 },
  ];
  for (const bad of badBodies) {
    const pair = await bothWays(owner.api, third, { data: bad.data, headers: bad.headers });
    expect(pair.fast.status).toBe(bad.status);
    expectAlike(pair);
  }
  const malformedId = await bothWays(owner.api, "NOTABATTLEID", { data: { choice: "A" } });
  expect(malformedId.fast.status).toBe(400);
  expectAlike(malformedId);

  // 404: an unknown battle, and someone else's.
  const unknown = await bothWays(owner.api, "cunknownbattle00000000000", { data: { choice: "A" } });
  expect(unknown.fast.status).toBe(404);
  expectAlike(unknown);
  const foreign = await bothWays(stranger.api, third, { data: { choice: "A" } });
  expect(foreign.fast.status).toBe(404);
  expectAlike(foreign);

  // 401: signed out (and a cookie that is not a session token).
  const anonymous = await bothWays(request, third, { data: { choice: "A" } });
  expect(anonymous.fast.status).toBe(401);
  expectAlike(anonymous);
  const forged = await bothWays(request, third, { data: { choice: "A" }, headers: { Cookie: `authjs.session-token=${"0".repeat(64)}` } });
  expect(forged.fast.status).toBe(401);
  expectAlike(forged);

  // 403: another site's origin, a cross-site fetch, an opaque origin.
  const foreignOrigins: Record<string, string>[] = [{ Origin: "https://evil.example" }, { "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }];
  for (const headers of foreignOrigins) {
    const refused = await bothWays(owner.api, third, { data: { choice: "A" }, headers });
    expect(refused.fast.status).toBe(403);
    expectAlike(refused);
  }
  // A same-origin browser request passes the check (and a sane upstream request id is kept).
  const sameOrigin = await bothWays(owner.api, "cunknownbattle00000000000", { data: { choice: "A" }, headers: { Origin: new URL(test.info().project.use.baseURL!).origin, "x-request-id": "lb-req-12345678" } });
  expect(sameOrigin.fast.status).toBe(404);
  expect(sameOrigin.fast.headers["x-request-id"]).toBe("lb-req-12345678");
  expect(sameOrigin.viaNext.headers["x-request-id"]).toBe("lb-req-12345678");

  // 409: a failed battle.
  await sql(`UPDATE "Battle" SET status = 'FAILED', "failureReason" = 'test' WHERE id = $1`, [third]);
  const failed = await bothWays(owner.api, third, { data: { choice: "A" } });
  expect(failed.fast.status).toBe(409);
  expectAlike(failed);

  // 429 with Retry-After: the researcher's daily cap is used up (the counter set in the database).
  await sql(`UPDATE "Battle" SET status = 'READY', "failureReason" = NULL WHERE id = $1`, [third]);
  const [user] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [owner.email]);
  const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
  await sql(
    `INSERT INTO "RateLimitBucket" (key, "windowStart", count) VALUES ($1, $2::timestamp(3), 1000000)
     ON CONFLICT (key, "windowStart") DO UPDATE SET count = 1000000`,
    [`vote:day:user:${user.id}`, today],
  );
  const limited = await bothWays(owner.api, third, { data: { choice: "A" } });
  expect(limited.fast.status).toBe(429);
  const retryAfter = [limited.fast, limited.viaNext].map((a) => Number(a.headers["retry-after"]));
  for (const seconds of retryAfter) expect(seconds).toBeGreaterThanOrEqual(1);
  expect(Math.abs(retryAfter[0] - retryAfter[1])).toBeLessThanOrEqual(1);
  // The message names the wait in seconds, which may have ticked between the two requests.
  const withoutSeconds = (body: unknown) => JSON.parse(JSON.stringify(body).replace(/\d+ s\b/g, "N s").replace(/"retryAfterSeconds":\d+/g, '"retryAfterSeconds":0'));
  expectAlike(limited, withoutSeconds);
  expect((limited.fast.body as { error: { code: string } }).error.code).toBe("rate_limited");
  expect(await sql(`SELECT 1 FROM "Vote" WHERE "battleId" = $1`, [third])).toEqual([]);
});

/** One raw HTTP/1.0 request (no Host header, which no HTTP client library leaves out): status line and body. */
function rawRequest(text: string): Promise<{ status: string; headers: string; body: string }> {
  const { hostname, port } = new URL(BASE_URL);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(text));
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (data += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head, body = ""] = data.split("\r\n\r\n");
      resolve({ status: head.split("\r\n")[0].split(" ")[1], headers: head.toLowerCase(), body });
    });
  });
}

test("without a Host header both paths check the origin against the same default host", async () => {
  const body = JSON.stringify({ choice: "A" });
  const answers = [];
  for (const url of ["/api/battles/cunknownbattle00000000000/vote", `/api/battles/cunknownbattle00000000000/vote${VIA_NEXT}`]) {
    for (const origin of ["http://localhost", "http://elsewhere.example"]) {
      const res = await rawRequest(
        `POST ${url} HTTP/1.0\r\nOrigin: ${origin}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      expect(res.headers.includes("x-fast-path: 1")).toBe(!url.includes("?"));
      answers.push({ origin, status: res.status, body: JSON.parse(res.body) });
    }
  }
  // Next's custom server takes "localhost" for a request without Host: that origin passes (then 401, signed out).
  expect(answers.map((a) => a.status)).toEqual(["401", "403", "401", "403"]);
  expect(answers.slice(0, 2)).toEqual(answers.slice(2));
});
