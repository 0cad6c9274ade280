import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { countedVoteWhere } from "@/lib/votes/counted-votes";
import { createUser, ensureArenaData } from "./helpers/fixtures";
import { createBattle } from "@/lib/battles/create-battle";
import { waitForBattle } from "@/lib/battles/run-battle";
import { castVote } from "@/lib/votes/cast-vote";

// Onboarding through the real route handlers: what is stored, what bad input is refused with, how dataset
// consent decides whether votes count, and what the development sign-in creates.

const session = vi.hoisted(() => ({ userId: null as string | null }));
// The request's session cookie: a real Session row of the user the test acts as (or none).
vi.mock("@/lib/auth/session-cookie", () => ({
  sessionTokenFromCookies: async () => {
    if (!session.userId) return null;
    const { sessionTokenFor } = await import("./helpers/fixtures");
    return sessionTokenFor(session.userId);
  },
}));

process.env.AUTH_SECRET ??= "onboarding-test-secret-0123456789";
process.env.AUTH_DEV_LOGIN = "true";
resetEnvCache();

const { POST: saveProfileRoute, GET: getProfileRoute } = await import("@/app/api/profile/route");
const { POST: createBattleRoute } = await import("@/app/api/battles/route");
const authHandlers = await import("@/app/api/auth/[...nextauth]/route");

const VALID = {
  discipline: "Engineering",
  subfield: "Materials Science",
  careerStage: "PhD student",
  publicationBand: "1-5",
  acceptTerms: true,
  datasetConsent: true,
};

// The parts of the JSON answers these tests read.
interface Answer {
  profile: Record<string, string | null>;
  error: { code: string; message: string; fields: { field: string; message: string }[] };
}

function post(url: string, body: unknown) {
  return new Request(new URL(url, "http://localhost"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function saveAs(userId: string, body: unknown) {
  session.userId = userId;
  const response = await saveProfileRoute(post("/api/profile", body), { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Answer };
}

beforeAll(async () => {
  await ensureArenaData();
});

describe("onboarding", () => {
  it.each([
    [{ ...VALID, subfield: "Oncology" }, "subfield", "is not a subfield of Engineering"],
    [{ ...VALID, acceptTerms: false }, "acceptTerms", "accept the terms"],
    [{ ...VALID, careerStage: "Wizard" }, "careerStage", "must be one of"],
    [{ ...VALID, publicationBand: 7 }, "publicationBand", "must be one of"],
    [{ ...VALID, role: "ADMIN" }, "body", "role"],
    [{ ...VALID, datasetConsent: undefined }, "datasetConsent", "true or false"],
  ])("refuses bad input with a 400 naming the field and stores nothing (%#)", async (body, field, message) => {
    const user = await createUser("bad-profile");
    const { status, body: answer } = await saveAs(user.id, body);
    expect(status).toBe(400);
    expect(answer.error.code).toBe("bad_request");
    const problem = answer.error.fields.find((f) => f.field === field);
    expect(problem?.message ?? answer.error.message).toContain(message);
    expect(problem).toBeDefined();
    expect(await getDb().researcherProfile.findUnique({ where: { userId: user.id } })).toBeNull();
  });

  it("stores the profile, unlocks asking, and keeps the first consent date on later edits", async () => {
    const user = await createUser("onboard");
    session.userId = user.id;
    const before = await createBattleRoute(post("/api/battles", { question: "What limits the efficiency of perovskite solar cells?" }), { params: Promise.resolve({}) });
    expect(before.status).toBe(403);
    expect(((await before.json()) as Answer).error.code).toBe("profile_required");

    const first = await saveAs(user.id, { ...VALID, affiliation: "  Example University " });
    expect(first.status).toBe(200);
    expect(first.body.profile).toMatchObject({ discipline: "Engineering", subfield: "Materials Science", affiliation: "Example University" });
    const stored = await getDb().researcherProfile.findUniqueOrThrow({ where: { userId: user.id } });
    expect(stored.role).toBe("RESEARCHER");
    expect(stored.termsConsentAt).not.toBeNull();
    expect(stored.datasetConsentAt).not.toBeNull();

    const second = await saveAs(user.id, { ...VALID, careerStage: "Postdoctoral researcher" });
    expect(second.body.profile.termsConsentAt).toBe(stored.termsConsentAt!.toISOString());
    expect(second.body.profile.datasetConsentAt).toBe(stored.datasetConsentAt!.toISOString());

    const got = await getProfileRoute(new Request("http://localhost/api/profile"), { params: Promise.resolve({}) });
    expect(((await got.json()) as Answer).profile.careerStage).toBe("Postdoctoral researcher");

    const after = await createBattleRoute(post("/api/battles", { question: "What limits the efficiency of perovskite solar cells?" }), { params: Promise.resolve({}) });
    expect(after.status).toBe(201);
    await waitForBattle(((await after.json()) as { battleId: string }).battleId);
  });

  it("counts a researcher's votes only while they consent to the dataset release", async () => {
    const user = await createUser("consent");
    await saveAs(user.id, { ...VALID, datasetConsent: false });
    const battle = await createBattle(user.id, { question: "How does grain size affect the strength of metals?", discipline: "Engineering" });
    await waitForBattle(battle.battleId);
    await castVote(battle.battleId, user.id, { choice: "A", reason: null });
    const counted = () => getDb().vote.count({ where: { AND: [{ battleId: battle.battleId }, countedVoteWhere({ requireConsent: true })] } });

    expect(await counted()).toBe(0);
    await saveAs(user.id, { ...VALID, datasetConsent: true });
    expect(await counted()).toBe(1);
    await saveAs(user.id, { ...VALID, datasetConsent: false });
    expect(await counted()).toBe(0);
    expect((await getDb().researcherProfile.findUniqueOrThrow({ where: { userId: user.id } })).datasetConsentAt).toBeNull();
  });

  it("the role and exclusion cannot be set by the researcher", async () => {
    const user = await createUser("sneaky");
    await getDb().researcherProfile.create({ data: { userId: user.id, excludedAt: new Date() } });
    const saved = await saveAs(user.id, VALID);
    expect(saved.status).toBe(200);
    const stored = await getDb().researcherProfile.findUniqueOrThrow({ where: { userId: user.id } });
    expect(stored.role).toBe("RESEARCHER");
    expect(stored.excludedAt).not.toBeNull();
  });
});

describe("the development sign-in", () => {
  async function devSignIn(fields: Record<string, string>) {
    const csrf = await authHandlers.GET(new Request("http://localhost/api/auth/csrf") as never);
    const cookie = (csrf.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await authHandlers.POST(
      new Request("http://localhost/api/auth/callback/dev", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ csrfToken, ...fields }),
      }) as never,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).not.toContain("error");
  }

  it("fills a finished profile without dataset consent by default (what the e2e fixtures rely on)", async () => {
    const email = `dev-${randomUUID().slice(0, 8)}@example.org`;
    await devSignIn({ name: "Dev", email });
    const user = await getDb().user.findUniqueOrThrow({ where: { email }, include: { profile: true } });
    expect(user.profile).toMatchObject({ role: "RESEARCHER", discipline: "Natural Science", subfield: "Physics" });
    expect(user.profile!.termsConsentAt).not.toBeNull();
    expect(user.profile!.datasetConsentAt).toBeNull();
  });

  it("leaves onboarding to the user with profile=none", async () => {
    const email = `dev-${randomUUID().slice(0, 8)}@example.org`;
    await devSignIn({ name: "Dev", email, profile: "none" });
    const user = await getDb().user.findUniqueOrThrow({ where: { email }, include: { profile: true } });
    expect(user.profile).toBeNull();
  });
});
