// Types of cached-handler.mjs for the TypeScript tests.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ResponseCache } from "./response-cache.mjs";

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export function withResponseCache(handle: Handler, cache: ResponseCache, options: { maxAgeSeconds: number; now?: () => number }): Handler;

export function record(
  res: ServerResponse,
  done: (response: { status: number; headers: Record<string, unknown>; body: Buffer | null } | null) => void,
  options?: { maxBytes?: number; maxAgeSeconds?: number },
): void;
