import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the sign-in providers, over real HTTP: an OpenID Connect provider (discovery, JWKS,
// authorization, token with an RS256 id_token, userinfo) as ORCID and Google speak it, and GitHub's OAuth 2
// endpoints (authorize, access_token, /api/v3/user as GitHub Enterprise serves them). The test plays the
// browser: it follows the authorization URL here and gets back the redirect with a code. Never reaches the network.

export interface IdentityUser {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
}

interface Grant {
  clientId: string;
  user: IdentityUser;
  nonce: string | null;
  codeChallenge: string | null;
}

export interface IdentityServer {
  url: string;
  /** The user the next authorization signs in. */
  setUser(user: IdentityUser): void;
  /** Tokens requests seen, to check what the app sent (PKCE verifier, client id). */
  tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

function signJwt(privateKey: KeyObject, kid: string, payload: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign("sha256", Buffer.from(`${header}.${body}`), privateKey);
  return `${header}.${body}.${b64url(signature)}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function startIdentityServer(): Promise<IdentityServer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(4).toString("hex");
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, IdentityUser>();
  const tokenRequests: URLSearchParams[] = [];
  let user: IdentityUser = { sub: "0000-0000-0000-0000" };
  let url = "";

  const server: Server = createServer(async (request, response) => {
    const requestUrl = new URL(request.url ?? "/", url);
    const path = requestUrl.pathname;
    if (path === "/.well-known/openid-configuration") {
      return sendJson(response, 200, {
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        userinfo_endpoint: `${url}/userinfo`,
        jwks_uri: `${url}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (path === "/jwks") return sendJson(response, 200, { keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] });
    if (path === "/authorize" || path === "/login/oauth/authorize") {
      const redirectUri = requestUrl.searchParams.get("redirect_uri");
      if (!redirectUri) return sendJson(response, 400, { error: "invalid_request" });
      const code = randomBytes(12).toString("hex");
      grants.set(code, {
        clientId: requestUrl.searchParams.get("client_id") ?? "",
        user,
        nonce: requestUrl.searchParams.get("nonce"),
        codeChallenge: requestUrl.searchParams.get("code_challenge"),
      });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      const state = requestUrl.searchParams.get("state");
      if (state) back.searchParams.set("state", state);
      if (path === "/authorize") back.searchParams.set("iss", url);
      response.writeHead(302, { Location: back.toString() });
      return response.end();
    }
    if ((path === "/token" || path === "/login/oauth/access_token") && request.method === "POST") {
      const form = new URLSearchParams(await readBody(request));
      tokenRequests.push(form);
      const grant = grants.get(form.get("code") ?? "");
      grants.delete(form.get("code") ?? "");
      if (!grant) return sendJson(response, 400, { error: "invalid_grant" });
      const verifier = form.get("code_verifier");
      if (grant.codeChallenge && (!verifier || b64url(createHash("sha256").update(verifier).digest()) !== grant.codeChallenge)) {
        return sendJson(response, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
      }
      const accessToken = randomBytes(16).toString("hex");
      tokens.set(accessToken, grant.user);
      const body: Record<string, unknown> = { access_token: accessToken, token_type: "bearer", expires_in: 3600, scope: "openid" };
      if (path === "/token") {
        const now = Math.floor(Date.now() / 1000);
        const clientId = grant.clientId || (request.headers.authorization ? Buffer.from(request.headers.authorization.replace(/^Basic /, ""), "base64").toString().split(":")[0] : "");
        body.id_token = signJwt(privateKey, kid, { iss: url, aud: decodeURIComponent(clientId), iat: now, exp: now + 600, ...(grant.nonce ? { nonce: grant.nonce } : {}), ...grant.user });
      }
      return sendJson(response, 200, body);
    }
    const bearer = request.headers.authorization?.replace(/^Bearer /i, "") ?? "";
    if (path === "/userinfo" || path === "/api/v3/user") {
      const owner = tokens.get(bearer);
      if (!owner) return sendJson(response, 401, { error: "invalid_token" });
      if (path === "/userinfo") return sendJson(response, 200, owner);
      return sendJson(response, 200, { id: Number(owner.sub), login: owner.name ?? "octocat", name: owner.name ?? null, email: owner.email ?? null, avatar_url: null });
    }
    if (path === "/api/v3/user/emails") return sendJson(response, 200, []);
    sendJson(response, 404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    setUser(next) {
      user = next;
    },
    tokenRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
