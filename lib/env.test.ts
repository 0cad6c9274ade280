import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache } from "./env";

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
});
