import { readFileSync } from "node:fs";
import { redactSecrets, resolveKey } from "@/lib/ai/registry";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { checkArenaRules, checkContentRules, parseBlocklist } from "./offline-filter";

// Question moderation before anything is retrieved or generated. The arena rules (identity probing,
// personal data, spam) always apply; harmful content is judged by OpenAI's moderation endpoint when
// MODERATION_PROVIDER=openai, else by the offline filter (docs/moderation.md). If the endpoint cannot be
// reached, the offline filter decides and a warning is logged: a question is never let through unchecked.

export interface ModerationResult {
  flagged: boolean;
  categories: string[];
  /** Which check decided: "arena-rules", "offline", "openai", or "offline (openai unavailable)". */
  source: string;
}

let blocklistCache: { file: string; patterns: RegExp[] } | undefined;

function blocklist(): RegExp[] {
  const file = getEnv().MODERATION_BLOCKLIST_FILE;
  if (!file) return [];
  if (blocklistCache?.file !== file) blocklistCache = { file, patterns: parseBlocklist(readFileSync(file, "utf8")) };
  return blocklistCache.patterns;
}

interface OpenAIModerationReply {
  results?: { flagged?: boolean; categories?: Record<string, boolean> }[];
}

async function moderateWithOpenAI(text: string): Promise<{ flagged: boolean; categories: string[] }> {
  const env = getEnv();
  const key = resolveKey("OPENAI_API_KEY");
  if (!key) throw new Error("OPENAI_API_KEY is not set");
  const base = (env.MODERATION_BASE_URL ?? env.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/+$/, "");
  const response = await fetch(`${base}/moderations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: env.MODERATION_MODEL, input: text }),
    signal: AbortSignal.timeout(env.MODERATION_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const reply = (await response.json()) as OpenAIModerationReply;
  const result = reply.results?.[0];
  if (!result || typeof result.flagged !== "boolean") throw new Error("unexpected reply: no results[0].flagged");
  const categories = Object.entries(result.categories ?? {})
    .filter(([, on]) => on === true)
    .map(([name]) => name);
  return { flagged: result.flagged, categories };
}

export async function moderateQuestion(text: string): Promise<ModerationResult> {
  const arena = checkArenaRules(text);
  if (arena.flagged) return { flagged: true, categories: arena.categories, source: "arena-rules" };
  const provider = getEnv().MODERATION_PROVIDER;
  if (provider === "none") return { flagged: false, categories: [], source: "none" };
  if (provider === "openai") {
    try {
      return { ...(await moderateWithOpenAI(text)), source: "openai" };
    } catch (error) {
      log.warn("moderation endpoint failed; the offline filter decides", { error: redactSecrets(String((error as Error)?.message ?? error)) });
      const offline = checkContentRules(text, blocklist());
      return { ...offline, source: "offline (openai unavailable)" };
    }
  }
  return { ...checkContentRules(text, blocklist()), source: "offline" };
}

const REASONS: [RegExp, string][] = [
  [/identity-probing/, "it asks the models who they are or tries to change their instructions, which would break the arena's anonymity"],
  [/personal-data/, "it contains personal data such as an email address or a phone number, and questions are published in the open dataset"],
  [/spam/, "it looks like spam"],
  [/self-harm/, "it appears to be about harming yourself. If you are struggling, please reach out to someone you trust or to a local crisis line or emergency service"],
  [/sexual\/minors|sexual-minors/, "it asks for sexual content involving minors"],
  [/sexual/, "it asks for sexual content"],
  [/weapons|illicit/, "it asks for instructions that could cause serious harm"],
  [/violence/, "it contains violent or threatening content"],
  [/harassment|hate/, "it contains harassing or hateful language"],
];

/** The message a researcher sees when a question is refused. */
export function refusalMessage(result: ModerationResult): string {
  const joined = result.categories.join(" ");
  const reason = REASONS.find(([pattern]) => pattern.test(joined))?.[1] ?? "it was flagged by the content filter";
  return `This question cannot be asked: ${reason}. Please ask a question about the research literature.`;
}
