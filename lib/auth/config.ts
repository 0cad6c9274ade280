import NextAuth, { type DefaultSession, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createDevProfile } from "./create-dev-profile";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
  }
}

export const DEV_PROVIDER_ID = "dev";

export const devSignInSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Name is too long"),
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(200),
  // "default": a finished researcher profile is filled in for a new user, so development and the e2e tests
  // can ask and vote at once; "none": the user goes through onboarding like with a real provider.
  profile: z.enum(["default", "none"]).default("default"),
});

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const providers: NextAuthConfig["providers"] = [];
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
  }
  return {
    providers,
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin" },
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
