import { errorResponse, json } from "@/lib/http/route";

// Auth.js answers requests for actions it does not have (or with the wrong method or body) with a bare
// 500. Those are the client's mistake: refuse them with a 4xx before Auth.js sees them, and map what
// Auth.js still throws like any other route's error.

const ACTIONS: Record<string, ReadonlySet<string>> = {
  GET: new Set(["providers", "session", "csrf", "signin", "signout", "callback", "verify-request", "error"]),
  POST: new Set(["signin", "signout", "callback", "session"]),
};

const WITH_PROVIDER = new Set(["signin", "callback"]);

function actionOf(request: Request): { action: string | null; provider: string | null } {
  const match = new URL(request.url).pathname.match(/^\/api\/auth\/([^/]+)(?:\/([^/]+))?/);
  return { action: match?.[1] ?? null, provider: match?.[2] ?? null };
}

// Auth.js treats a callbackUrl that is neither a path nor an http(s) URL as a configuration error (500).
function usableCallbackUrl(value: string | null): boolean {
  if (value === null) return true;
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? "http://localhost" : undefined).protocol);
  } catch {
    return false;
  }
}

function badCallbackUrl(): Response {
  return json({ error: { code: "bad_request", message: "callbackUrl must be a path on this site or an http(s) URL." } }, { status: 400 });
}

export function guardAuthRoute<R extends Request>(
  handler: (request: R) => Promise<Response>,
  providerIds: () => string[],
): (request: R) => Promise<Response> {
  return async (request: R) => {
    const { action, provider } = actionOf(request);
    if (!action || !ACTIONS[request.method]?.has(action)) {
      return json({ error: { code: "not_found", message: `There is no sign-in action "${action ?? ""}" for ${request.method}.` } }, { status: 404 });
    }
    if (action && WITH_PROVIDER.has(action) && provider !== null && !providerIds().includes(provider)) {
      return json({ error: { code: "not_found", message: `Sign-in with "${provider}" is not enabled here.` } }, { status: 404 });
    }
    if (!usableCallbackUrl(new URL(request.url).searchParams.get("callbackUrl"))) return badCallbackUrl();
    if (request.method === "POST") {
      const type = request.headers.get("content-type") ?? "";
      if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
        return json(
          { error: { code: "unsupported_media_type", message: "Send sign-in forms as application/x-www-form-urlencoded." } },
          { status: 415 },
        );
      }
      const form = await request
        .clone()
        .text()
        .then((text) => new URLSearchParams(text))
        .catch(() => null);
      if (!form) return json({ error: { code: "bad_request", message: "The sign-in form could not be read." } }, { status: 400 });
      if (!usableCallbackUrl(form.get("callbackUrl"))) return badCallbackUrl();
    }
    try {
      return await handler(request);
    } catch (error) {
      return errorResponse(error, request.headers.get("x-request-id") ?? undefined);
    }
  };
}
