import fc from "fast-check";
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies/index.js";
import { describe, expect, it } from "vitest";
import { sessionTokenFrom, sessionTokenFromCookieHeader } from "./session-token";

// The fast vote path reads the Cookie header itself; it must find the session token Next's cookies() finds.
const asNextReadsIt = (header: string) => {
  const jar = new RequestCookies(new Headers({ cookie: header }));
  return sessionTokenFrom((name) => jar.get(name)?.value);
};

const TOKEN = "a".repeat(64);

describe("sessionTokenFromCookieHeader", () => {
  it("finds the token under either cookie name, and nothing else", () => {
    expect(sessionTokenFromCookieHeader(`authjs.session-token=${TOKEN}`)).toBe(TOKEN);
    expect(sessionTokenFromCookieHeader(`x=1; __Secure-authjs.session-token=${TOKEN}`)).toBe(TOKEN);
    expect(sessionTokenFromCookieHeader(`authjs.session-token=${TOKEN.toUpperCase()}`)).toBeNull();
    expect(sessionTokenFromCookieHeader(`authjs.session-token=${TOKEN}0`)).toBeNull();
    expect(sessionTokenFromCookieHeader(null)).toBeNull();
    expect(sessionTokenFromCookieHeader("")).toBeNull();
  });

  it("reads a header as Next's cookies() does: duplicates, escapes, odd separators", () => {
    const other = "b".repeat(64);
    const headers = [
      `authjs.session-token=${TOKEN}; authjs.session-token=${other}`,
      `authjs.session-token=${TOKEN}; authjs.session-token=%E0`,
      `authjs.session-token=%61${TOKEN.slice(1)}`,
      `authjs.session-token=${TOKEN};authjs.session-token=x`,
      `authjs.session-token =${TOKEN}`,
      `__Secure-authjs.session-token=x; authjs.session-token=${TOKEN}`,
    ];
    for (const header of headers) expect(sessionTokenFromCookieHeader(header), header).toBe(asNextReadsIt(header));
  });

  it("agrees with Next's reading on generated headers", () => {
    const name = fc.constantFrom("authjs.session-token", "__Secure-authjs.session-token", "other", "authjs.session-token ");
    const value = fc.oneof(fc.constant(TOKEN), fc.constant("b".repeat(64)), fc.constant("%E0"), fc.constant("%62".repeat(64)), fc.string({ maxLength: 70 }));
    const pair = fc.tuple(name, value).map(([n, v]) => `${n}=${v}`);
    const separator = fc.constantFrom("; ", ";", ";  ");
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 5 }), separator, (pairs, sep) => {
        const header = pairs.join(sep);
        expect(sessionTokenFromCookieHeader(header)).toBe(asNextReadsIt(header));
      }),
      { numRuns: 500 },
    );
  });
});
