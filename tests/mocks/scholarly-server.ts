import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the scholarly search APIs and a /rerank endpoint, answering in their documented
// response shapes: OpenAlex GET /works, Semantic Scholar GET /graph/v1/paper/search and
// /graph/v1/snippet/search, and POST /rerank (TEI shape, or Cohere/Jina shape). Each path can be told to
// fail: an HTTP status (optionally with Retry-After, for the first `times` requests), a timeout (no
// answer at all) or malformed JSON. Never reaches the network.

export type Behaviour =
  | { kind: "ok"; body: unknown }
  | { kind: "status"; status: number; headers?: Record<string, string>; times?: number; then?: unknown }
  | { kind: "hang" }
  | { kind: "malformed" };

export interface RecordedSearchRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: unknown;
}

export interface ScholarlyServer {
  url: string;
  requests: RecordedSearchRequest[];
  on(path: string, behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startScholarlyServer(): Promise<ScholarlyServer> {
  const behaviours = new Map<string, Behaviour & { served?: number }>();
  const requests: RecordedSearchRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://mock");
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body });
      const behaviour = behaviours.get(url.pathname);
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(value));
      if (!behaviour) return json(404, { error: `no route ${url.pathname}` });
      switch (behaviour.kind) {
        case "ok":
          return json(200, behaviour.body);
        case "hang":
          hanging.add(res);
          return;
        case "malformed":
          res.writeHead(200, { "Content-Type": "application/json" }).end('{"results": [ {"id": "https://openalex.org/W1", ');
          return;
        case "status": {
          behaviour.served = (behaviour.served ?? 0) + 1;
          if (behaviour.times !== undefined && behaviour.served > behaviour.times) return json(200, behaviour.then);
          return json(behaviour.status, { message: behaviour.status === 429 ? "Too Many Requests" : "Internal Server Error" }, behaviour.headers);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path, behaviour) => behaviours.set(path, { ...behaviour }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An OpenAlex work as the API returns it. */
export function openAlexWork(id: string, title: string, abstract: string, extra: Record<string, unknown> = {}) {
  const index: Record<string, number[]> = {};
  abstract.split(" ").forEach((word, i) => (index[word] ??= []).push(i));
  return {
    id: `https://openalex.org/${id}`,
    doi: null,
    title,
    display_name: title,
    publication_year: 2021,
    publication_date: "2021-05-01",
    authorships: [{ author: { id: "https://openalex.org/A1", display_name: "Grace Hopper" } }],
    primary_location: { source: { display_name: "Journal of Mock Results" }, landing_page_url: `https://example.org/${id}` },
    abstract_inverted_index: index,
    ...extra,
  };
}

/** A Semantic Scholar Graph API paper (paper search `data` item). */
export function s2Paper(corpusId: number, title: string, abstract: string) {
  return {
    paperId: `p${corpusId}`,
    corpusId,
    externalIds: { CorpusId: corpusId },
    url: `https://www.semanticscholar.org/paper/p${corpusId}`,
    title,
    abstract,
    venue: "Mock Conference",
    year: 2022,
    authors: [{ authorId: "1", name: "Barbara Liskov" }],
  };
}
