import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for model providers, over real HTTP + SSE, speaking the wire formats the AI SDK's
// provider packages parse: OpenAI Chat Completions (also used by OpenAI-compatible servers), Anthropic
// Messages and Google Generative Language (streaming and not), plus OpenAI's moderation endpoint.
// The requested model id picks a scenario, so one server serves every test case. Used by the
// integration tests and by bench/providers/first-token.ts. Never reaches the network.

export type Failure =
  /** An HTTP error instead of a stream (e.g. 429 with Retry-After, 500, 401). */
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string>; times?: number }
  /** An error event inside the stream after `after` text chunks (0: before the first token). */
  | { kind: "stream-error"; after: number }
  /** The stream stops sending after `after` chunks and keeps the connection open. */
  | { kind: "stall"; after: number }
  /** A chunk that is not valid JSON after `after` chunks. */
  | { kind: "malformed"; after: number }
  /** The connection is cut after `after` chunks. */
  | { kind: "disconnect"; after: number };

export interface Scenario {
  /** Text chunks of the answer, sent in order. */
  chunks: string[];
  /** Reasoning chunks sent before the answer (reasoning_content / thinking / thought parts). */
  reasoning?: string[];
  /** Milliseconds from the request to the first chunk. */
  ttftMs?: number;
  /** Milliseconds between chunks. */
  chunkDelayMs?: number;
  failure?: Failure;
  usage?: { input: number; output: number; reasoning?: number };
  /** Reply for non-streaming requests (classification, attribution judges). */
  json?: unknown;
}

export interface RecordedRequest {
  path: string;
  model: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  at: number;
}

export interface MockLlmServer {
  url: string;
  /** OpenAI-style base URL: `${url}/v1`. */
  openaiBaseURL: string;
  anthropicBaseURL: string;
  googleBaseURL: string;
  requests: RecordedRequest[];
  /** Most streams that were open at the same time since the last reset. */
  maxInFlight(): number;
  resetInFlight(): void;
  /** Sets (or replaces) the scenario of a model id. */
  scenario(model: string, scenario: Scenario): void;
  /** The moderation verdict for inputs containing `text`. */
  moderation(text: string, result: { flagged: boolean; categories: Record<string, boolean> } | { status: number }): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

type Format = "openai" | "anthropic" | "google";

/** Encodes one stream as the given provider would. */
function encoder(format: Format, model: string) {
  const created = 1_700_000_000;
  switch (format) {
    case "openai":
      return {
        contentType: "text/event-stream",
        start: () => [`data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}\n\n`],
        reasoning: (text: string) => [`data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: { reasoning_content: text }, finish_reason: null }] })}\n\n`],
        text: (text: string) => [`data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`],
        error: () => [`data: ${JSON.stringify({ error: { message: "The server had an error while processing your request.", type: "server_error", code: null } })}\n\n`],
        end: (usage: Required<NonNullable<Scenario["usage"]>>) => [
          `data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`,
          `data: ${JSON.stringify({ id: "chatcmpl-mock", object: "chat.completion.chunk", created, model, choices: [], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output, completion_tokens_details: { reasoning_tokens: usage.reasoning } } })}\n\n`,
          "data: [DONE]\n\n",
        ],
      };
    case "anthropic": {
      let index = -1;
      let open: "thinking" | "text" | null = null;
      const event = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
      const switchTo = (kind: "thinking" | "text"): string[] => {
        if (open === kind) return [];
        const out = open ? [event("content_block_stop", { type: "content_block_stop", index })] : [];
        index++;
        open = kind;
        out.push(
          event("content_block_start", {
            type: "content_block_start",
            index,
            content_block: kind === "text" ? { type: "text", text: "" } : { type: "thinking", thinking: "", signature: "" },
          }),
        );
        return out;
      };
      return {
        contentType: "text/event-stream",
        start: () => [
          event("message_start", {
            type: "message_start",
            message: { id: "msg_mock", type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 1 } },
          }),
        ],
        reasoning: (text: string) => [...switchTo("thinking"), event("content_block_delta", { type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: text } })],
        text: (text: string) => [...switchTo("text"), event("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text } })],
        error: () => [event("error", { type: "error", error: { type: "overloaded_error", message: "Overloaded" } })],
        end: (usage: Required<NonNullable<Scenario["usage"]>>) => [
          ...(open ? [event("content_block_stop", { type: "content_block_stop", index })] : []),
          event("message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { input_tokens: usage.input, output_tokens: usage.output } }),
          event("message_stop", { type: "message_stop" }),
        ],
      };
    }
    case "google": {
      const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ candidates: [{ content: { parts, role: "model" }, index: 0, ...extra }], modelVersion: model })}\n\n`;
      return {
        contentType: "text/event-stream",
        start: () => [],
        reasoning: (text: string) => [chunk([{ text, thought: true }])],
        text: (text: string) => [chunk([{ text }])],
        error: () => [`data: ${JSON.stringify({ error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } })}\n\n`],
        end: (usage: Required<NonNullable<Scenario["usage"]>>) => [
          `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: "" }], role: "model" }, finishReason: "STOP", index: 0 }], usageMetadata: { promptTokenCount: usage.input, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.output, thoughtsTokenCount: usage.reasoning }, modelVersion: model })}\n\n`,
        ],
      };
    }
  }
}

function jsonReply(format: Format, model: string, text: string, usage: Required<NonNullable<Scenario["usage"]>>): unknown {
  switch (format) {
    case "openai":
      return {
        id: "chatcmpl-mock",
        object: "chat.completion",
        created: 1_700_000_000,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
        usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
      };
    case "anthropic":
      return {
        id: "msg_mock",
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: usage.input, output_tokens: usage.output },
      };
    case "google":
      return {
        candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason: "STOP", index: 0 }],
        usageMetadata: { promptTokenCount: usage.input, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.output },
      };
  }
}

export async function startMockLlmServer(options: { port?: number } = {}): Promise<MockLlmServer> {
  const scenarios = new Map<string, Scenario>();
  const statusCounts = new Map<string, number>();
  const moderations: { text: string; result: { flagged: boolean; categories: Record<string, boolean> } | { status: number } }[] = [];
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://mock");
    const body = await readBody(req);
    let format: Format;
    let model: string;
    let stream: boolean;
    if (url.pathname.endsWith("/moderations")) {
      requests.push({ path: url.pathname, model: String(body.model ?? ""), headers: req.headers, body, at: Date.now() });
      const input = String(body.input ?? "");
      const match = moderations.find((m) => input.includes(m.text));
      if (match && "status" in match.result) {
        res.writeHead(match.result.status, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { message: "mock failure" } }));
        return;
      }
      const result = match?.result ?? { flagged: false, categories: {} };
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: "modr-mock", model: body.model, results: [{ ...result, category_scores: {} }] }));
      return;
    }
    if (url.pathname.endsWith("/chat/completions")) {
      format = "openai";
      model = String(body.model);
      stream = body.stream === true;
    } else if (url.pathname.endsWith("/messages")) {
      format = "anthropic";
      model = String(body.model);
      stream = body.stream === true;
    } else {
      const m = url.pathname.match(/\/models\/([^/:]+):(streamGenerateContent|generateContent)$/);
      if (!m) {
        res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${url.pathname}` } }));
        return;
      }
      format = "google";
      model = decodeURIComponent(m[1]);
      stream = m[2] === "streamGenerateContent";
    }
    requests.push({ path: url.pathname, model, headers: req.headers, body, at: Date.now() });
    const scenario = scenarios.get(model);
    if (!scenario) {
      res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { message: `The model \`${model}\` does not exist`, type: "invalid_request_error" } }));
      return;
    }
    const usage = { input: scenario.usage?.input ?? 120, output: scenario.usage?.output ?? 40, reasoning: scenario.usage?.reasoning ?? 0 };
    const failure = scenario.failure;
    if (failure?.kind === "status") {
      const seen = statusCounts.get(model) ?? 0;
      if (failure.times === undefined || seen < failure.times) {
        statusCounts.set(model, seen + 1);
        res.writeHead(failure.status, { "Content-Type": "application/json", ...failure.headers });
        res.end(JSON.stringify(failure.body ?? { error: { message: `mock status ${failure.status}`, type: failure.status === 429 ? "rate_limit_error" : "server_error" } }));
        return;
      }
    }
    if (!stream) {
      const text = typeof scenario.json === "string" ? scenario.json : JSON.stringify(scenario.json ?? {});
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(jsonReply(format, model, text, usage)));
      return;
    }

    const enc = encoder(format, model);
    let closed = false;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => {
      closed = true;
      inFlight--;
    });
    res.writeHead(200, { "Content-Type": enc.contentType, "Cache-Control": "no-cache", Connection: "keep-alive" });
    res.flushHeaders();
    const write = (parts: string[]) => {
      for (const part of parts) if (!closed) res.write(part);
    };
    if (scenario.ttftMs) await sleep(scenario.ttftMs);
    write(enc.start());
    for (const r of scenario.reasoning ?? []) {
      write(enc.reasoning(r));
      if (scenario.chunkDelayMs) await sleep(scenario.chunkDelayMs);
    }
    for (let i = 0; i <= scenario.chunks.length; i++) {
      if (closed) return;
      if (failure && failure.kind !== "status" && failure.after === i) {
        if (failure.kind === "stream-error") {
          write(enc.error());
          res.end();
        } else if (failure.kind === "malformed") {
          write(["data: {\"id\": \"chatcmpl-mock\", \"choices\": [ this is not json\n\n"]);
          if (format === "anthropic") write(["event: content_block_delta\ndata: {not json}\n\n"]);
          // Keep going: the provider must notice the bad chunk even if the stream recovers.
          continue;
        } else if (failure.kind === "disconnect") {
          res.socket?.destroy();
        }
        // stall: send nothing more, keep the connection until the client gives up
        return;
      }
      if (i === scenario.chunks.length) break;
      if (i > 0 && scenario.chunkDelayMs) await sleep(scenario.chunkDelayMs);
      write(enc.text(scenario.chunks[i]));
    }
    write(enc.end(usage));
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  // Longer than the client keeps idle sockets: a server that closes an idle socket just as the client reuses it
  // makes that request fail before its first token, which the battle code rightly retries, and the tests that
  // count attempts would see one more (close() cuts every connection, so this never holds the tests up).
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: `${url}/v1`,
    googleBaseURL: `${url}/v1beta`,
    requests,
    maxInFlight: () => maxInFlight,
    resetInFlight() {
      maxInFlight = inFlight;
    },
    scenario(model, scenario) {
      scenarios.set(model, scenario);
      statusCounts.delete(model);
    },
    moderation(text, result) {
      moderations.unshift({ text, result });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
