import { APICallError, JSONParseError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { ModelConfigError } from "./model-options";
import { describeProviderError, PUBLIC_MESSAGES, retryAfterMs } from "./provider-errors";

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}, isRetryable?: boolean) =>
  new APICallError({
    message: "Rate limit reached for gpt-x in organization org-123",
    url: "https://api.openai.com/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    responseBody: '{"error":{"message":"Rate limit reached","type":"rate_limit_error"}}',
    isRetryable,
  });

describe("describeProviderError", () => {
  it.each([
    [429, PUBLIC_MESSAGES.busy, true],
    [500, PUBLIC_MESSAGES.serviceError, true],
    [503, PUBLIC_MESSAGES.serviceError, true],
    [401, PUBLIC_MESSAGES.unavailable, false],
    [403, PUBLIC_MESSAGES.unavailable, false],
    [400, PUBLIC_MESSAGES.rejected, false],
    [404, PUBLIC_MESSAGES.rejected, false],
  ])("HTTP %i → %s (retryable: %s)", (status, message, retryable) => {
    const failure = describeProviderError(apiError(status, {}, status >= 500 || status === 429));
    expect(failure.publicMessage).toBe(message);
    expect(failure.retryable).toBe(retryable);
    expect(failure.detail).toMatch(new RegExp(`^HTTP ${status} from api\\.openai\\.com: Rate limit reached`));
  });

  it("never puts a provider or model name into the public message", () => {
    const samples: unknown[] = [
      apiError(429),
      apiError(undefined),
      new ModelConfigError("model gpt-x: OPENAI_API_KEY is not set"),
      new JSONParseError({ text: "{bad", cause: new Error("Unexpected token") }),
      { type: "overloaded_error", message: "Anthropic is overloaded" },
      { error: { message: "OpenAI server error", type: "server_error" } },
      new Error("fetch failed", { cause: { code: "ECONNREFUSED" } }),
      "something odd",
    ];
    for (const error of samples) {
      const failure = describeProviderError(error);
      expect(Object.values(PUBLIC_MESSAGES)).toContain(failure.publicMessage);
      expect(failure.publicMessage).not.toMatch(/openai|anthropic|gpt|claude|google|gemini|\d{3}/i);
    }
  });

  it("sorts streamed error objects and network failures", () => {
    expect(describeProviderError({ type: "overloaded_error", message: "Overloaded" })).toMatchObject({ publicMessage: PUBLIC_MESSAGES.busy, retryable: true });
    expect(describeProviderError({ type: "authentication_error", message: "bad key" })).toMatchObject({ publicMessage: PUBLIC_MESSAGES.unavailable, retryable: false });
    expect(describeProviderError({ message: "x", type: "server_error" })).toMatchObject({ publicMessage: PUBLIC_MESSAGES.serviceError, retryable: true });
    expect(describeProviderError(new Error("fetch failed", { cause: { code: "ECONNRESET" } }))).toMatchObject({
      publicMessage: PUBLIC_MESSAGES.unreachable,
      retryable: true,
    });
    expect(describeProviderError(new JSONParseError({ text: "{", cause: new Error("x") }))).toMatchObject({ publicMessage: PUBLIC_MESSAGES.unreadable, retryable: false });
  });
});

describe("retryAfterMs", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(retryAfterMs({ "Retry-After": "3" })).toBe(3000);
    expect(retryAfterMs({ "retry-after-ms": "250", "retry-after": "9" })).toBe(250);
    expect(retryAfterMs({ "retry-after": new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString() }, Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
