import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import Nodemailer from "next-auth/providers/nodemailer";
import type { Env } from "@/lib/env";
import { createDevProfile } from "./create-dev-profile";
import { devSignInSchema } from "./dev-sign-in-schema";
import { getDb } from "@/lib/db";

export const DEV_PROVIDER_ID = "dev";

export interface ProviderInfo {
  id: string;
  name: string;
  kind: "oauth" | "email" | "dev";
}

/** The sign-in providers switched on by the environment, and what the sign-in page shows for them. */
export function buildProviders(env: Env): { providers: NextAuthConfig["providers"]; info: ProviderInfo[] } {
  const providers: NextAuthConfig["providers"] = [];
  const info: ProviderInfo[] = [];
  if (env.AUTH_ORCID_ID && env.AUTH_ORCID_SECRET) {
    // ORCID speaks OpenID Connect; the subject is the researcher's ORCID iD. ORCID rarely shares an email.
    providers.push({
      id: "orcid",
      name: "ORCID",
      type: "oidc",
      issuer: env.AUTH_ORCID_ISSUER,
      clientId: env.AUTH_ORCID_ID,
      clientSecret: env.AUTH_ORCID_SECRET,
      authorization: { params: { scope: "openid" } },
      checks: ["pkce", "state", "nonce"],
      profile(profile) {
        const name = [profile.given_name, profile.family_name].filter(Boolean).join(" ") || profile.name || null;
        return { id: String(profile.sub), name, email: profile.email ?? null };
      },
    });
    info.push({ id: "orcid", name: "ORCID", kind: "oauth" });
  }
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(
      GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        ...(env.AUTH_GITHUB_URL ? { enterprise: { baseUrl: env.AUTH_GITHUB_URL.replace(/\/$/, "") } } : {}),
      }),
    );
    info.push({ id: "github", name: "GitHub", kind: "oauth" });
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET, issuer: env.AUTH_GOOGLE_ISSUER }));
    info.push({ id: "google", name: "Google", kind: "oauth" });
  }
  if (env.EMAIL_SERVER) {
    providers.push(Nodemailer({ id: "email", server: env.EMAIL_SERVER, from: env.EMAIL_FROM, maxAge: 24 * 60 * 60 }));
    info.push({ id: "email", name: "Email", kind: "email" });
  }
  if (env.AUTH_DEV_LOGIN) {
    // Development sign-in: name + email, no password. Never on in production unless AUTH_DEV_LOGIN=true.
    providers.push(
      Credentials({
        id: DEV_PROVIDER_ID,
        name: "Development sign-in",
        credentials: { name: { label: "Name" }, email: { label: "Email", type: "email" } },
        async authorize(raw) {
          const parsed = devSignInSchema.safeParse(raw);
          if (!parsed.success) return null;
          const user = await getDb().user.upsert({
            where: { email: parsed.data.email },
            update: {},
            create: { email: parsed.data.email, name: parsed.data.name },
          });
          if (parsed.data.profile === "default") await createDevProfile(user.id);
          return { id: user.id, name: user.name, email: user.email };
        },
      }),
    );
    info.push({ id: DEV_PROVIDER_ID, name: "Development sign-in", kind: "dev" });
  }
  return { providers, info };
}
