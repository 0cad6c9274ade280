import { describe, expect, it } from "vitest";
import type { Env } from "@/lib/env";
import { buildProviders } from "./build-providers";

const base = {
  AUTH_DEV_LOGIN: false,
  AUTH_GOOGLE_ISSUER: "https://accounts.google.com",
  AUTH_ORCID_ISSUER: "https://orcid.org",
  EMAIL_FROM: "Arena <a@example.org>",
} as Env;

const ids = (env: Partial<Env>) => buildProviders({ ...base, ...env }).info.map((p) => p.id);

describe("buildProviders", () => {
  it("switches nothing on by default (production without settings)", () => {
    expect(ids({})).toEqual([]);
  });

  it("needs both the id and the secret of an OAuth provider", () => {
    expect(ids({ AUTH_GITHUB_ID: "x" })).toEqual([]);
    expect(ids({ AUTH_GITHUB_SECRET: "y" })).toEqual([]);
    expect(ids({ AUTH_GITHUB_ID: "x", AUTH_GITHUB_SECRET: "y" })).toEqual(["github"]);
  });

  it("lists every configured provider, ORCID first, the development sign-in last", () => {
    expect(
      ids({
        AUTH_DEV_LOGIN: true,
        AUTH_GITHUB_ID: "g",
        AUTH_GITHUB_SECRET: "g",
        AUTH_GOOGLE_ID: "o",
        AUTH_GOOGLE_SECRET: "o",
        AUTH_ORCID_ID: "r",
        AUTH_ORCID_SECRET: "r",
        EMAIL_SERVER: "smtp://localhost:2525",
      }),
    ).toEqual(["orcid", "github", "google", "email", "dev"]);
  });

  it("points ORCID and Google at the configured issuers", () => {
    const { providers } = buildProviders({ ...base, AUTH_ORCID_ID: "r", AUTH_ORCID_SECRET: "r", AUTH_ORCID_ISSUER: "https://sandbox.orcid.org", AUTH_GOOGLE_ID: "o", AUTH_GOOGLE_SECRET: "o", AUTH_GOOGLE_ISSUER: "http://127.0.0.1:9999" });
    const issuers = providers.map((p) => (typeof p === "function" ? p() : p)).map((p) => ("options" in p && p.options && "issuer" in p.options ? p.options.issuer : "issuer" in p ? p.issuer : undefined));
    expect(issuers).toEqual(["https://sandbox.orcid.org", "http://127.0.0.1:9999"]);
  });
});
