import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSessionViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { startIdentityServer, type IdentityServer } from "../mocks/identity-server";

// Every sign-in provider through the real Auth.js route handlers, against local stand-ins: an OpenID Connect
// provider (ORCID, Google), GitHub's OAuth endpoints and an SMTP server for magic links. The test plays the
// browser (cookies, redirects). Sessions must end up as rows of the Session table.

type Handler = (request: Request) => Promise<Response>;
let GET: Handler;
let POST: Handler;
let idp: IdentityServer;
let smtp: SMTPServer;
const mails: string[] = [];

class Browser {
  cookies = new Map<string, string>();

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  keep(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, ...value] = pair.split("=");
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value.join("=") === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
    return response;
  }

  async get(url: string) {
    return this.keep(await GET(new Request(new URL(url, "http://localhost"), { headers: { cookie: this.header() } })));
  }

  async post(url: string, form: Record<string, string>) {
    const { csrfToken } = (await (await this.get("/api/auth/csrf")).json()) as { csrfToken: string };
    return this.keep(
      await POST(
        new Request(new URL(url, "http://localhost"), {
          method: "POST",
          headers: { cookie: this.header(), "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrfToken, ...form }),
        }),
      ),
    );
  }

  async session() {
    return (await (await this.get("/api/auth/session")).json()) as { user?: { id: string; email?: string | null; name?: string | null } } | null;
  }

  sessionToken() {
    return this.cookies.get("authjs.session-token");
  }
}

/** Signs in through an OAuth/OIDC provider: start, follow the provider's authorization redirect, come back. */
async function oauthSignIn(browser: Browser, provider: string) {
  const start = await browser.post(`/api/auth/signin/${provider}`, { callbackUrl: "/after" });
  expect(start.status).toBe(302);
  const authorization = start.headers.get("location")!;
  expect(authorization.startsWith(idp.url)).toBe(true);
  const atProvider = await fetch(authorization, { redirect: "manual" });
  expect(atProvider.status).toBe(302);
  const back = await browser.get(atProvider.headers.get("location")!);
  expect(back.status).toBe(302);
  expect(back.headers.get("location")).toBe("http://localhost/after");
  return back;
}

beforeAll(async () => {
  idp = await startIdentityServer();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
      stream.on("end", () => {
        mails.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  Object.assign(process.env, {
    AUTH_SECRET: "sign-in-test-secret-0123456789abcdef",
    AUTH_DEV_LOGIN: "true",
    AUTH_ORCID_ID: "orcid-client",
    AUTH_ORCID_SECRET: "orcid-secret",
    AUTH_ORCID_ISSUER: idp.url,
    AUTH_GOOGLE_ID: "google-client",
    AUTH_GOOGLE_SECRET: "google-secret",
    AUTH_GOOGLE_ISSUER: idp.url,
    AUTH_GITHUB_ID: "github-client",
    AUTH_GITHUB_SECRET: "github-secret",
    AUTH_GITHUB_URL: idp.url,
    EMAIL_SERVER: `smtp://127.0.0.1:${smtpPort}`,
    EMAIL_FROM: "Arena <arena@example.org>",
  });
  resetEnvCache();
  ({ GET, POST } = (await import("@/app/api/auth/[...nextauth]/route")) as unknown as { GET: Handler; POST: Handler });
});

afterAll(async () => {
  await idp?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe("sign-in providers", () => {
  it("lists exactly the providers the environment switches on", async () => {
    const browser = new Browser();
    const providers = (await (await browser.get("/api/auth/providers")).json()) as Record<string, unknown>;
    expect(Object.keys(providers).sort()).toEqual(["dev", "email", "github", "google", "orcid"]);
  });

  it("ORCID (OpenID Connect): creates the user and account, keeps the ORCID iD on the profile, stores the session in Postgres", async () => {
    const orcid = `0000-0002-${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}-${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}`;
    idp.setUser({ sub: orcid, given_name: "Rosalind", family_name: "Franklin" });
    const browser = new Browser();
    await oauthSignIn(browser, "orcid");
    // PKCE: the app proved it started the flow.
    expect(idp.tokenRequests.at(-1)?.get("code_verifier")).toBeTruthy();

    const account = await getDb().account.findUniqueOrThrow({ where: { provider_providerAccountId: { provider: "orcid", providerAccountId: orcid } }, include: { user: { include: { profile: true } } } });
    expect(account.user.name).toBe("Rosalind Franklin");
    expect(account.user.profile?.orcid).toBe(orcid);
    const session = await browser.session();
    expect(session?.user?.id).toBe(account.userId);
    const row = await getDb().session.findUniqueOrThrow({ where: { sessionToken: browser.sessionToken()! } });
    expect(row.userId).toBe(account.userId);

    // Signing in again finds the same user.
    const again = new Browser();
    await oauthSignIn(again, "orcid");
    expect((await again.session())?.user?.id).toBe(account.userId);
  });

  it("Google (OpenID Connect at a configurable issuer)", async () => {
    const email = `g-${randomUUID().slice(0, 8)}@example.org`;
    idp.setUser({ sub: `google-${randomUUID()}`, name: "Grace Hopper", email });
    const browser = new Browser();
    await oauthSignIn(browser, "google");
    expect((await browser.session())?.user).toMatchObject({ email, name: "Grace Hopper" });
    expect(await getDb().account.count({ where: { provider: "google", user: { email } } })).toBe(1);
  });

  it("GitHub (OAuth 2 at a configurable base URL)", async () => {
    const id = String(Math.floor(Math.random() * 1e9));
    const email = `gh-${id}@example.org`;
    idp.setUser({ sub: id, name: "octo", email });
    const browser = new Browser();
    await oauthSignIn(browser, "github");
    const session = await browser.session();
    expect(session?.user?.email).toBe(email);
    expect(await getDb().account.count({ where: { provider: "github", providerAccountId: id } })).toBe(1);
  });

  it("email magic link over SMTP: the link in the mail signs in once, and only once", async () => {
    const email = `magic-${randomUUID().slice(0, 8)}@example.org`;
    const browser = new Browser();
    const before = mails.length;
    const sent = await browser.post("/api/auth/signin/email", { email, callbackUrl: "/after" });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toContain("/api/auth/verify-request");
    // ... which is our sign-in page, told to say "check your email".
    expect((await browser.get(sent.headers.get("location")!)).headers.get("location")).toMatch(/\/signin\?.*type=email/);
    expect(mails.length).toBe(before + 1);
    const mail = mails.at(-1)!;
    expect(mail).toContain(`To: ${email}`);
    // Quoted-printable: join soft line breaks and decode =XX before reading the link.
    const text = mail.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const link = text.match(/http:\/\/localhost\/api\/auth\/callback\/email\?[^"\s<>]+/)?.[0];
    expect(link).toBeDefined();

    const signedIn = await browser.get(link!.replace(/&amp;/g, "&"));
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("http://localhost/after");
    expect((await browser.session())?.user?.email).toBe(email);
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerified).not.toBeNull();

    const replay = await new Browser().get(link!.replace(/&amp;/g, "&"));
    expect(replay.headers.get("location")).toContain("error=Verification");
  });

  it("signing out deletes the session row; a forged or unknown cookie is no session", async () => {
    const browser = new Browser();
    const signedIn = await browser.post("/api/auth/callback/dev", { name: "Dev", email: `out-${randomUUID().slice(0, 8)}@example.org` });
    expect(signedIn.status).toBe(302);
    const token = browser.sessionToken()!;
    expect(await getDb().session.count({ where: { sessionToken: token } })).toBe(1);
    expect((await browser.session())?.user?.id).toBeTruthy();

    await browser.post("/api/auth/signout", {});
    expect(await getDb().session.count({ where: { sessionToken: token } })).toBe(0);

    const forged = new Browser();
    forged.cookies.set("authjs.session-token", token);
    expect((await forged.session())?.user).toBeUndefined();
    forged.cookies.set("authjs.session-token", "not-a-token");
    expect((await forged.session())?.user).toBeUndefined();
  });

  it("the app reads a session cookie in one query: the viewer with role and onboarding, nothing for expired or unknown tokens, and extends a stale row", async () => {
    const browser = new Browser();
    const email = `viewer-${randomUUID().slice(0, 8)}@example.org`;
    await browser.post("/api/auth/callback/dev", { name: "Viewer", email });
    const token = browser.sessionToken()!;
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });

    const viewer = await findSessionViewer(token);
    expect(viewer).toMatchObject({ id: user.id, email, isAdmin: false, role: "researcher", excluded: false });
    await getDb().researcherProfile.upsert({
      where: { userId: user.id },
      create: { userId: user.id, role: "ADMIN", discipline: "Engineering", subfield: "Robotics", careerStage: "Postdoc", publicationBand: "6-20", termsConsentAt: new Date(), excludedAt: new Date() },
      update: { role: "ADMIN", discipline: "Engineering", subfield: "Robotics", careerStage: "Postdoc", publicationBand: "6-20", termsConsentAt: new Date(), excludedAt: new Date() },
    });
    expect(await findSessionViewer(token)).toMatchObject({ id: user.id, isAdmin: true, role: "admin", onboarded: true, excluded: true });

    // A row last extended more than a day ago is extended; one extended now is left alone.
    const nearExpiry = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000);
    await getDb().session.update({ where: { sessionToken: token }, data: { expires: nearExpiry } });
    await findSessionViewer(token);
    const extended = (await getDb().session.findUniqueOrThrow({ where: { sessionToken: token } })).expires;
    expect(extended.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);
    await findSessionViewer(token);
    expect((await getDb().session.findUniqueOrThrow({ where: { sessionToken: token } })).expires).toEqual(extended);

    await getDb().session.update({ where: { sessionToken: token }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await findSessionViewer(token)).toBeNull();
    expect(await findSessionViewer("0".repeat(64))).toBeNull();
  });
});
