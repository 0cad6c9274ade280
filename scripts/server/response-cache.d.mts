// Types of response-cache.mjs for the TypeScript tests.
type Headers = Record<string, unknown>;

export interface StoragePolicy {
  ttl: number;
  swr: number;
  vary: string[];
}

export interface CacheEntry {
  key: string;
  primary: string;
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  etag: string | undefined;
  storedAt: number;
  ttl: number;
  swr: number;
  size: number;
  refreshing: boolean;
}

export function headerText(value: unknown): string;
export function parseCacheControl(value: unknown): Map<string, string | true>;
export function parseVary(value: unknown): string[];
export function isCacheableRequest(method: string | undefined, headers: Headers): boolean;
export function storagePolicy(status: number, headers: Headers, maxAgeSeconds: number): StoragePolicy | null;
export function keyValue(name: string, value: unknown): string;
export function primaryKey(host: unknown, url: string): string;
export function etagMatches(ifNoneMatch: unknown, etag: string | undefined): boolean;
export function storedHeaders(headers: Headers): Record<string, string | string[]>;

export class ResponseCache {
  constructor(options: { maxBytes: number; maxEntryBytes?: number });
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  readonly bytes: number;
  readonly entries: Map<string, CacheEntry>;
  readonly urls: Map<string, { vary: string[]; count: number }>;
  readonly size: number;
  lookup(primary: string, requestHeaders: Headers): CacheEntry | undefined;
  state(entry: CacheEntry, now: number): "fresh" | "stale" | "expired";
  age(entry: CacheEntry, now: number): number;
  beginRefresh(entry: CacheEntry): boolean;
  endRefresh(entry: CacheEntry): void;
  put(primary: string, requestHeaders: Headers, response: { status: number; headers: Headers; body: Buffer } & StoragePolicy, now: number): CacheEntry | null;
  delete(entry: CacheEntry): void;
}
