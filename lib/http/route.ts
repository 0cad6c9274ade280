import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { requestIdFrom, withApiHeaders } from "./security-headers";

// Thin route handlers: parse -> authorize -> call lib/ -> respond. Errors are mapped here, once.

export const MAX_JSON_BYTES = 64 * 1024;

/** Read access to request headers: a web Headers object, or lib/http/fast-vote.ts' view of a Node request's. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** An API answer as plain data, for the paths that do not build a web Response (lib/http/fast-vote.ts). */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The headers json() sets on a JSON answer whose serialized text is `text`. */
export function jsonHeaders(text: string): Record<string, string> {
  // Next.js drops a route's Content-Length (send-response.ts) and gzips JSON for clients that accept it; the length
  // counts where the answer is written without Next: the fast vote path (lib/http/fast-vote.ts).
  return { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "Content-Length": String(Buffer.byteLength(text)) };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  const text = JSON.stringify(body);
  for (const [name, value] of Object.entries(jsonHeaders(text))) headers.set(name, value);
  return new Response(text, { ...init, headers });
}

export function errorResponse(error: unknown, requestId?: string): Response {
  const answer = errorAnswer(error, requestId);
  return json(answer.body, { status: answer.status, headers: answer.headers });
}

/** The status, JSON body and extra headers an error is answered with (logging what the client must not see). */
export function errorAnswer(error: unknown, requestId?: string): ApiAnswer {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds) headers["Retry-After"] = String(error.retryAfterSeconds);
    return { status: error.status, body: error.toJSON(), headers };
  }
  if (error instanceof z.ZodError) {
    const fields = error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
    return { status: 400, body: { error: { code: "bad_request", message: fields.map((f) => `${f.field}: ${f.message}`).join("; "), fields } } };
  }
  if (isDatabaseUnavailable(error)) {
    log.error("database unavailable", { requestId, error: String((error as Error).message ?? error) });
    return {
      status: 503,
      body: { error: { code: "unavailable", message: "The database is unavailable right now. Please try again in a moment." } },
      headers: { "Retry-After": "5" },
    };
  }
  log.error("unhandled error", { requestId, error: String((error as Error)?.stack ?? error) });
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on our side." } } };
}

/** Reads a JSON body: refuses other content types, oversized bodies and malformed JSON with a 4xx. */
export async function readJson(request: Request): Promise<unknown> {
  assertJsonHeaders(request.headers);
  return parseJsonBody(await request.arrayBuffer());
}

/** What readJson checks before it reads the body: a JSON content type, a declared length within the limit. */
export function assertJsonHeaders(headers: HeaderReader): void {
  const type = headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const length = Number(headers.get("content-length") ?? "0");
  if (length > MAX_JSON_BYTES) throw new AppError("payload_too_large", `The body is larger than ${MAX_JSON_BYTES} bytes.`);
}

/** A request body (all of it) as a JSON object, or a 4xx AppError naming what is wrong with it. */
export function parseJsonBody(buffer: ArrayBuffer | Uint8Array): unknown {
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
export function assertSameOrigin(request: { method: string; headers: HeaderReader }): void {
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
    logRequest({ requestId: id, method: request.method, path: new URL(request.url).pathname, status: response.status, ms: Math.round(performance.now() - started) }, options);
    return withApiHeaders(response, id);
  };
}

/** route()'s one log line per request: errors always, the rest unless the route opted out. */
export function logRequest(fields: { requestId: string; method: string; path: string; status: number; ms: number }, options: { log?: boolean } = {}): void {
  if (fields.status >= 500) log.error("request failed", fields);
  else if (options.log !== false) log.info("request", fields);
}
