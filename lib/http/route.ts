import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { requestIdFrom, withApiHeaders } from "./security-headers";

// Thin route handlers: parse -> authorize -> call lib/ -> respond. Errors are mapped here, once.

const MAX_JSON_BYTES = 64 * 1024;

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Cache-Control", "no-store");
  const text = JSON.stringify(body);
  // With a known length Next.js leaves small answers uncompressed; without one it gzips every answer, which
  // costs more CPU than a vote itself.
  headers.set("Content-Length", String(Buffer.byteLength(text)));
  return new Response(text, { ...init, headers });
}

export function errorResponse(error: unknown, requestId?: string): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds) headers["Retry-After"] = String(error.retryAfterSeconds);
    return json(error.toJSON(), { status: error.status, headers });
  }
  if (error instanceof z.ZodError) {
    const fields = error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
    return json(
      { error: { code: "bad_request", message: fields.map((f) => `${f.field}: ${f.message}`).join("; "), fields } },
      { status: 400 },
    );
  }
  if (isDatabaseUnavailable(error)) {
    log.error("database unavailable", { requestId, error: String((error as Error).message ?? error) });
    return json(
      { error: { code: "unavailable", message: "The database is unavailable right now. Please try again in a moment." } },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  log.error("unhandled error", { requestId, error: String((error as Error)?.stack ?? error) });
  return json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
}

/** Reads a JSON body: refuses other content types, oversized bodies and malformed JSON with a 4xx. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_JSON_BYTES) throw new AppError("payload_too_large", `The body is larger than ${MAX_JSON_BYTES} bytes.`);
  const buffer = await request.arrayBuffer();
  if (buffer.byteLength > MAX_JSON_BYTES) throw new AppError("payload_too_large", `The body is larger than ${MAX_JSON_BYTES} bytes.`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    throw new AppError("bad_request", "The body is not valid UTF-8.");
  }
  if (!text.trim()) throw new AppError("bad_request", "The body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("bad_request", "The body must be a JSON object.");
  }
  return value;
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses state-changing requests that a browser sent from another site. Browsers send `Origin` (and
 * `Sec-Fetch-Site`) on such requests; clients without them (curl, scripts) carry no victim's cookies.
 */
export function assertSameOrigin(request: Request): void {
  if (!STATE_CHANGING.has(request.method)) return;
  if (request.headers.get("sec-fetch-site") === "cross-site") {
    throw new AppError("forbidden", "Cross-site requests are not accepted.");
  }
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") {
    if (origin === "null") throw new AppError("forbidden", "Requests from an opaque origin are not accepted.");
    return;
  }
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("forbidden", "The Origin header is malformed.");
  }
  if (!host || originHost !== host) throw new AppError("forbidden", "Cross-origin requests are not accepted.");
}

/**
 * Wraps an API route handler: origin check, errors mapped to status codes once, the request id and security
 * headers on every answer, one log line per request (`log: false` for probes such as /api/health).
 */
export function route<C>(handler: Handler<C>, options: { log?: boolean } = {}): Handler<C> {
  return async (request, context) => {
    const started = performance.now();
    const id = requestIdFrom(request.headers.get("x-request-id"));
    let response: Response;
    try {
      assertSameOrigin(request);
      response = await handler(request, context);
    } catch (error) {
      response = errorResponse(error, id);
    }
    const fields = { requestId: id, method: request.method, path: new URL(request.url).pathname, status: response.status, ms: Math.round(performance.now() - started) };
    if (response.status >= 500) log.error("request failed", fields);
    else if (options.log !== false) log.info("request", fields);
    return withApiHeaders(response, id);
  };
}
