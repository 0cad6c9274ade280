import { createBattleStream } from "@/lib/battles/battle-stream";
import { getDb } from "@/lib/db";

export interface ParsedEvent {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

export function parseSse(text: string): ParsedEvent[] {
  const events: ParsedEvent[] = [];
  for (const block of text.split("\n\n")) {
    const lines = block.split("\n").filter((l) => l && !l.startsWith(":"));
    const event = lines.find((l) => l.startsWith("event: "))?.slice(7);
    const data = lines.find((l) => l.startsWith("data: "))?.slice(6);
    if (!event || data === undefined) continue;
    const id = lines.find((l) => l.startsWith("id: "))?.slice(4);
    events.push({ id, event, data: JSON.parse(data) });
  }
  return events;
}

/** Reads a battle's SSE stream to its end, or until `stopAfter` events when given. */
export async function readBattleStream(
  battleId: string,
  options: { lastEventId?: string; stopAfter?: number } = {},
): Promise<ParsedEvent[]> {
  const battle = await getDb().battle.findUniqueOrThrow({ where: { id: battleId }, select: { retrievalRunId: true } });
  const abort = new AbortController();
  const stream = createBattleStream({
    battleId,
    retrievalRunId: battle.retrievalRunId,
    lastEventId: options.lastEventId,
    signal: abort.signal,
  });
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (options.stopAfter !== undefined && parseSse(text).length >= options.stopAfter) {
      abort.abort();
      await reader.cancel();
      break;
    }
  }
  return parseSse(text);
}

export function answerTexts(events: ParsedEvent[]): { A: string; B: string } {
  const out = { A: "", B: "" };
  for (const e of events) if (e.event === "delta") out[e.data.side as "A" | "B"] += e.data.text as string;
  return out;
}
