import { getEnv } from "@/lib/env";

/**
 * The client's address as the nearest trusted proxy saw it: Next.js and reverse proxies append to
 * X-Forwarded-For, so the entry TRUSTED_PROXY_HOPS places from the right is the one a client cannot
 * forge (behind that many proxies). Without a proxy in front, a client can set the header itself; the
 * per-user limits still hold then.
 */
export function clientIp(request: { headers: { get(name: string): string | null } }): string {
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const hops = getEnv().TRUSTED_PROXY_HOPS;
  const address = forwarded[Math.max(0, forwarded.length - hops)] ?? request.headers.get("x-real-ip") ?? "unknown";
  return address.replace(/^::ffff:/, "").slice(0, 64);
}
