import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { clientIp } from "./client-ip";

const request = (xff?: string) => new Request("http://x/", { headers: xff ? { "x-forwarded-for": xff } : {} });

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
  resetEnvCache();
});

describe("clientIp", () => {
  it("takes the address the nearest proxy appended", () => {
    expect(clientIp(request("6.6.6.6, 10.0.0.7"))).toBe("10.0.0.7");
    expect(clientIp(request("::ffff:127.0.0.1"))).toBe("127.0.0.1");
  });

  it("skips as many entries as there are trusted proxies", () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    resetEnvCache();
    expect(clientIp(request("1.1.1.1, 203.0.113.9, 10.0.0.7"))).toBe("203.0.113.9");
    expect(clientIp(request("10.0.0.7"))).toBe("10.0.0.7");
  });

  it("says unknown without any address", () => {
    expect(clientIp(request())).toBe("unknown");
  });
});
