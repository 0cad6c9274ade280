import { afterEach, describe, expect, it } from "vitest";
import { getEnv, readSecret, resetEnvCache } from "./env";

const saved = { ...process.env };

function withEnv(vars: Record<string, string | undefined>) {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  return getEnv();
}

afterEach(() => {
  withEnv({});
});

describe("env", () => {
  it("turns the development sign-in on outside production and off in production", () => {
    expect(withEnv({ NODE_ENV: "development", AUTH_DEV_LOGIN: undefined }).AUTH_DEV_LOGIN).toBe(true);
    expect(withEnv({ NODE_ENV: "test", AUTH_DEV_LOGIN: undefined }).AUTH_DEV_LOGIN).toBe(true);
    expect(withEnv({ NODE_ENV: "production", AUTH_DEV_LOGIN: undefined }).AUTH_DEV_LOGIN).toBe(false);
    expect(withEnv({ NODE_ENV: "production", AUTH_DEV_LOGIN: "true" }).AUTH_DEV_LOGIN).toBe(true);
    expect(withEnv({ NODE_ENV: "development", AUTH_DEV_LOGIN: "false" }).AUTH_DEV_LOGIN).toBe(false);
  });

  it("treats empty variables as unset", () => {
    const env = withEnv({ DATABASE_URL: "", PORT: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it("names the variable and the problem when a value is invalid", () => {
    expect(() => withEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(() => withEnv({ PORT: "-4" })).toThrow(/PORT/);
    expect(() => withEnv({ AUTH_DEV_LOGIN: "maybe" })).toThrow(/AUTH_DEV_LOGIN/);
  });

  it("validates the provider, pairing and moderation settings", () => {
    const env = withEnv({});
    expect(env).toMatchObject({ PAIRING_MODE: "uniform", MODERATION_PROVIDER: "offline", ANSWER_MAX_RETRIES: 2, ATTRIBUTION_MIN_OVERLAP: 0.5 });
    expect(() => withEnv({ PAIRING_MODE: "random" })).toThrow(/PAIRING_MODE/);
    expect(() => withEnv({ OPENAI_BASE_URL: "not a url" })).toThrow(/OPENAI_BASE_URL/);
    expect(() => withEnv({ ATTRIBUTION_MIN_OVERLAP: "1.5" })).toThrow(/ATTRIBUTION_MIN_OVERLAP/);
    expect(() => withEnv({ MODERATION_PROVIDER: "azure" })).toThrow(/MODERATION_PROVIDER/);
  });

  it("defaults the response cache to 64 MB and 5 s, and takes 0 to turn it off", () => {
    expect(withEnv({ RESPONSE_CACHE_MB: undefined, RESPONSE_CACHE_MAX_AGE_SECONDS: undefined })).toMatchObject({ RESPONSE_CACHE_MB: 64, RESPONSE_CACHE_MAX_AGE_SECONDS: 5 });
    expect(withEnv({ RESPONSE_CACHE_MB: "0", RESPONSE_CACHE_MAX_AGE_SECONDS: "0" })).toMatchObject({ RESPONSE_CACHE_MB: 0, RESPONSE_CACHE_MAX_AGE_SECONDS: 0 });
    expect(withEnv({ RESPONSE_CACHE_MB: "0.5" }).RESPONSE_CACHE_MB).toBe(0.5);
    expect(() => withEnv({ RESPONSE_CACHE_MB: "-1" })).toThrow(/RESPONSE_CACHE_MB/);
    expect(() => withEnv({ RESPONSE_CACHE_MAX_AGE_SECONDS: "1.5" })).toThrow(/RESPONSE_CACHE_MAX_AGE_SECONDS/);
  });

  it("turns the fast vote path on by default and its marker off, both switchable", () => {
    expect(withEnv({ FAST_VOTE_PATH: undefined, FAST_VOTE_MARKER: undefined })).toMatchObject({ FAST_VOTE_PATH: true, FAST_VOTE_MARKER: false });
    expect(withEnv({ FAST_VOTE_PATH: "false", FAST_VOTE_MARKER: "true" })).toMatchObject({ FAST_VOTE_PATH: false, FAST_VOTE_MARKER: true });
    expect(() => withEnv({ FAST_VOTE_PATH: "off" })).toThrow(/FAST_VOTE_PATH/);
  });

  it("reads a key by the variable name a models file gives, upper-case names only", () => {
    withEnv({ TOGETHER_API_KEY: "tg-123", EMPTY_KEY: "" });
    expect(readSecret("TOGETHER_API_KEY")).toBe("tg-123");
    expect(readSecret("EMPTY_KEY")).toBeUndefined();
    expect(readSecret("MISSING_KEY")).toBeUndefined();
    expect(() => readSecret("path")).toThrow(/not a valid environment variable name/);
  });
});
