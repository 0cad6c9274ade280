import { randomBytes } from "node:crypto";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { type DefaultSession, type NextAuthConfig } from "next-auth";
import { decode as decodeJwt, encode as encodeJwt, type JWT } from "next-auth/jwt";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { buildProviders } from "./build-providers";
import { extendSession, SESSION_MAX_AGE_SECONDS as SESSION_MAX_AGE, SESSION_REFRESH_MS } from "./session-lifetime";

export { DEV_PROVIDER_ID } from "./build-providers";
export { devSignInSchema } from "./dev-sign-in-schema";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

/**
 * Sessions live in Postgres (the Session table) for every provider, so signing out, an admin or deleting a user
 * ends them at once. Auth.js supports database sessions only without the credentials provider (the development
 * sign-in), so the session cookie goes through these two functions instead of being a signed JWT: it holds the
 * token of a Session row, and reading it looks the row up. See docs/decisions/073-sign-in.md. The app's own
 * routes and pages read the same cookie in one query (findSessionViewer in ./get-viewer) without Auth.js.
 */

async function encodeSession(params: Parameters<typeof encodeJwt>[0]): Promise<string> {
  const token = (params.token ?? {}) as { sub?: unknown; sessionToken?: unknown; sessionExpires?: unknown };
  const maxAge = params.maxAge ?? SESSION_MAX_AGE;
  const expires = new Date(Date.now() + maxAge * 1000);
  const db = getDb();
  if (typeof token.sessionToken === "string") {
    // Auth.js re-encodes on every session read: extend the row at most once a day instead of writing each time
    // (decodeSession passes the row's expiry along, so most reads need no query here at all).
    if (typeof token.sessionExpires === "number" && token.sessionExpires >= expires.getTime() - SESSION_REFRESH_MS) return token.sessionToken;
    await extendSession(token.sessionToken, maxAge);
    return token.sessionToken;
  }
  if (typeof token.sub !== "string") throw new Error("a session needs a user id");
  const sessionToken = randomBytes(32).toString("hex");
  await db.session.create({ data: { sessionToken, userId: token.sub, expires } });
  return sessionToken;
}

async function decodeSession(params: Parameters<typeof decodeJwt>[0]): Promise<JWT | null> {
  if (!params.token || !/^[0-9a-f]{64}$/.test(params.token)) return null;
  const row = await getDb().session.findUnique({ where: { sessionToken: params.token }, include: { user: { select: { name: true, email: true, image: true } } } });
  if (!row || row.expires < new Date()) return null;
  return {
    sub: row.userId,
    name: row.user.name,
    email: row.user.email,
    picture: row.user.image,
    sessionToken: row.sessionToken,
    sessionExpires: row.expires.getTime(),
  };
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const db = getDb();
  return {
    providers: buildProviders(env).providers,
    // @auth/prisma-adapter's parameter type does not match the Prisma 7 generated client; it works at runtime.
    adapter: PrismaAdapter(db as never),
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
    jwt: { encode: encodeSession, decode: decodeSession },
    // Auth.js appends ?provider=email&type=email to the verify-request page: the sign-in page shows "check your email".
    pages: { signIn: "/signin", verifyRequest: "/signin" },
    callbacks: {
      session({ session, token }) {
        if (typeof token.sub === "string") session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const sessionToken = "token" in message ? message.token?.sessionToken : undefined;
        if (typeof sessionToken === "string") await db.session.deleteMany({ where: { sessionToken } });
      },
      // Signing in with ORCID proves the iD: keep it on the researcher profile.
      async linkAccount({ user, account }) {
        if (account.provider !== "orcid" || !user.id) return;
        await db.researcherProfile.upsert({
          where: { userId: user.id },
          create: { userId: user.id, orcid: account.providerAccountId },
          update: { orcid: account.providerAccountId },
        });
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());

/** Ids of the sign-in providers this deployment has enabled (for refusing requests to others). */
export function enabledProviderIds(): string[] {
  // Auth.js keeps an id given to a built-in provider in its options until it parses the config.
  return (buildConfig().providers ?? []).map((provider) => {
    const resolved = typeof provider === "function" ? provider() : provider;
    return (resolved as { options?: { id?: string } }).options?.id ?? resolved.id;
  });
}
