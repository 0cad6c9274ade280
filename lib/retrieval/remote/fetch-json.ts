import { backoffMs, parseRetryAfter, RETRYABLE_STATUS } from "./backoff";

export type RemoteFailureKind = "timeout" | "rate_limited" | "http" | "malformed" | "network";

/** A remote backend request that failed for good (after its retries); the message is safe to show. */
export class RemoteSearchError extends Error {
  constructor(
    readonly backend: string,
    readonly kind: RemoteFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(`${backend}: ${message}`);
    this.name = "RemoteSearchError";
  }
}

export interface FetchJsonOptions {
  backend: string;
  headers?: Record<string, string>;
  method?: "GET" | "POST";
  body?: unknown;
  timeoutMs: number;
  maxRetries: number;
  /** A Retry-After longer than this fails at once instead of stalling the battle. */
  maxRetryAfterSeconds: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * GET/POST a JSON API with a per-attempt timeout, retrying 429 and 5xx with backoff (honouring
 * Retry-After) and network errors; a timeout or malformed JSON fails at once. Never hangs: every wait is
 * bounded.
 */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const sleep = options.sleep ?? defaultSleep;
  let last: RemoteSearchError | undefined;
  let retryAfterSeconds: number | null = null;
  for (let attempt = 0; attempt <= options.maxRetries; attempt++) {
    if (attempt > 0) {
      await sleep(retryAfterSeconds !== null ? retryAfterSeconds * 1000 : backoffMs(attempt));
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? "GET",
        headers: { accept: "application/json", ...(options.body ? { "content-type": "application/json" } : {}), ...options.headers },
        body: options.body ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: "follow",
      });
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === "TimeoutError" || name === "AbortError") {
        throw new RemoteSearchError(options.backend, "timeout", `no answer within ${options.timeoutMs} ms`);
      }
      last = new RemoteSearchError(options.backend, "network", `request failed (${(error as Error)?.message ?? error})`);
      retryAfterSeconds = null;
      continue;
    }
    if (!response.ok) {
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      await response.body?.cancel().catch(() => {});
      const kind = response.status === 429 ? "rate_limited" : "http";
      last = new RemoteSearchError(
        options.backend,
        kind,
        response.status === 429 ? "rate limited (HTTP 429)" : `HTTP ${response.status} ${response.statusText}`.trim(),
        response.status,
      );
      if (!RETRYABLE_STATUS(response.status)) throw last;
      if (retryAfter !== null && retryAfter > options.maxRetryAfterSeconds) {
        throw new RemoteSearchError(options.backend, kind, `${last.message.replace(`${options.backend}: `, "")}; asked to retry after ${Math.round(retryAfter)} s`, response.status);
      }
      retryAfterSeconds = retryAfter;
      continue;
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      const name = (error as Error)?.name;
      throw new RemoteSearchError(options.backend, name === "TimeoutError" ? "timeout" : "network", `reading the answer failed (${(error as Error)?.message})`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new RemoteSearchError(options.backend, "malformed", "answered with malformed JSON");
    }
  }
  throw last ?? new RemoteSearchError(options.backend, "network", "request failed");
}
