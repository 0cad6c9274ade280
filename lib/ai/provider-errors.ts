import { APICallError, InvalidResponseDataError, JSONParseError, TypeValidationError } from "@ai-sdk/provider";
import { ModelConfigError } from "./model-options";

// Provider failures, sorted into what the browser may read (never a provider's name, status line or
// message: "OpenAI 401" would reveal the model) and what goes to logs and Response.error.

export interface ProviderFailure {
  /** Safe for the browser: names no provider or model. */
  publicMessage: string;
  /** For logs and Response.error (keys redacted by the caller). */
  detail: string;
  /** Worth another attempt (only ever made before the first token). */
  retryable: boolean;
  /** The provider asked to wait this long before retrying. */
  retryAfterMs?: number;
}

export const PUBLIC_MESSAGES = {
  busy: "the model service was busy",
  unavailable: "the model is not available right now",
  rejected: "the model could not take the question",
  serviceError: "the model service had an error",
  unreachable: "the model service could not be reached",
  unreadable: "the model service sent an unreadable answer",
} as const;

function truncate(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function host(url: string | undefined): string {
  if (!url) return "?";
  try {
    return new URL(url).host;
  } catch {
    return "?";
  }
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in milliseconds. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = Number(lower["retry-after-ms"]);
  if (lower["retry-after-ms"] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower["retry-after"];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function fromStatus(status: number | undefined): Pick<ProviderFailure, "publicMessage" | "retryable"> {
  if (status === undefined) return { publicMessage: PUBLIC_MESSAGES.unreachable, retryable: true };
  if (status === 429) return { publicMessage: PUBLIC_MESSAGES.busy, retryable: true };
  if (status === 401 || status === 403) return { publicMessage: PUBLIC_MESSAGES.unavailable, retryable: false };
  if (status === 408 || status === 409 || status >= 500) return { publicMessage: PUBLIC_MESSAGES.serviceError, retryable: true };
  return { publicMessage: PUBLIC_MESSAGES.rejected, retryable: false };
}

/** An error object a provider sent inside its stream (Anthropic `event: error`, an OpenAI error chunk). */
function fromStreamedError(value: Record<string, unknown>): ProviderFailure {
  const type = String(value.type ?? (value.error as { type?: unknown } | undefined)?.type ?? value.code ?? "");
  const message = String(value.message ?? (value.error as { message?: unknown } | undefined)?.message ?? "");
  const detail = `streamed error ${type || "(untyped)"}: ${truncate(message || JSON.stringify(value))}`;
  if (/overloaded|rate_limit|rate-limit|too_many|capacity|429|529/i.test(type)) {
    return { publicMessage: PUBLIC_MESSAGES.busy, detail, retryable: true };
  }
  if (/auth|permission|invalid_api_key|401|403/i.test(type)) return { publicMessage: PUBLIC_MESSAGES.unavailable, detail, retryable: false };
  if (/invalid_request|not_found|400|404/i.test(type)) return { publicMessage: PUBLIC_MESSAGES.rejected, detail, retryable: false };
  return { publicMessage: PUBLIC_MESSAGES.serviceError, detail, retryable: /api_error|server|internal|timeout|5\d\d/i.test(type) };
}

export function describeProviderError(error: unknown): ProviderFailure {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const { publicMessage, retryable } = fromStatus(status);
    const body = error.responseBody ? ` — ${truncate(error.responseBody.replace(/\s+/g, " "), 300)}` : "";
    return {
      publicMessage,
      retryable: retryable && (status === undefined || error.isRetryable || status === 429),
      retryAfterMs: retryAfterMs(error.responseHeaders),
      detail: `${status ? `HTTP ${status}` : "request failed"} from ${host(error.url)}: ${truncate(error.message)}${body}`,
    };
  }
  if (error instanceof ModelConfigError) {
    return { publicMessage: PUBLIC_MESSAGES.unavailable, detail: `configuration: ${error.message}`, retryable: false };
  }
  if (TypeValidationError.isInstance(error) || JSONParseError.isInstance(error) || InvalidResponseDataError.isInstance(error)) {
    return { publicMessage: PUBLIC_MESSAGES.unreadable, detail: `malformed stream data: ${truncate((error as Error).message)}`, retryable: false };
  }
  if (error instanceof Error) {
    const network = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket hang up|fetch failed|terminated|other side closed/i.test(
      `${error.message} ${String((error.cause as Error | undefined)?.message ?? "")} ${String((error.cause as { code?: string } | undefined)?.code ?? "")}`,
    );
    if (network) return { publicMessage: PUBLIC_MESSAGES.unreachable, detail: `network: ${truncate(error.message)}`, retryable: true };
    return { publicMessage: PUBLIC_MESSAGES.serviceError, detail: truncate(`${error.name}: ${error.message}`), retryable: false };
  }
  if (error && typeof error === "object") return fromStreamedError(error as Record<string, unknown>);
  return { publicMessage: PUBLIC_MESSAGES.serviceError, detail: truncate(String(error)), retryable: false };
}
