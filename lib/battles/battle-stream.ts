import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { failAbandonedBattles } from "./fail-abandoned";
import { getLiveText, isGeneratingHere, subscribe, type BusMessage } from "./bus";
import { replayedLength, type AnswerTiming } from "@/lib/reannotation/replayed-length";
import { loadReferences, toPublicReferences } from "./load-references";
import type { AnswerStats, BattleEvent, PublicCitation, SideLabel } from "./types";

// Server-Sent Events for one battle: replay what is saved, then follow new deltas. Every event carries
// an id that encodes exactly how much the client has received (offsets into each side's normalized
// answer text, Response.text), so `Last-Event-ID` resumes without loss or duplication after a reload, a
// dropped connection or a switch to another app instance. The raw model output (Response.rawText, which
// may hold reasoning and the model's own formatting) is never read here.

export interface StreamCursor {
  references: boolean;
  A: number;
  B: number;
  endA: boolean;
  endB: boolean;
}

const EMPTY: StreamCursor = { references: false, A: 0, B: 0, endA: false, endB: false };

export function encodeCursor(c: StreamCursor): string {
  return [c.references ? 1 : 0, c.A, c.endA ? 1 : 0, c.B, c.endB ? 1 : 0].join(".");
}

export function decodeCursor(id: string | null | undefined): StreamCursor {
  const match = id?.match(/^([01])\.(\d{1,7})\.([01])\.(\d{1,7})\.([01])$/);
  if (!match) return { ...EMPTY };
  return {
    references: match[1] === "1",
    A: Number(match[2]),
    endA: match[3] === "1",
    B: Number(match[4]),
    endB: match[5] === "1",
  };
}

const POLL_MS_REMOTE = 300;
const POLL_MS_LOCAL = 2_000;
const HEARTBEAT_MS = 15_000;
const RECONNECT_MS = 1_500;

type SideState = {
  side: SideLabel;
  status: string;
  text: string;
  citations: unknown;
  droppedCitations: number;
  updatedAt: Date;
};

function stats(text: string, citations: PublicCitation[], dropped: number): AnswerStats {
  return { words: text.split(/\s+/).filter(Boolean).length, citations: citations.length, droppedCitations: dropped };
}

function publicCitations(value: unknown): PublicCitation[] {
  if (!Array.isArray(value)) return [];
  return value.map((c: { n: number; title: string }) => ({ n: c.n, title: c.title }));
}

export function formatEvent(event: BattleEvent, id?: string): string {
  const { type, ...data } = event;
  return `${id ? `id: ${id}\n` : ""}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createBattleStream(options: {
  battleId: string;
  retrievalRunId: string;
  lastEventId?: string | null;
  signal: AbortSignal;
}): ReadableStream<Uint8Array> {
  const { battleId, signal } = options;
  const cursor = decodeCursor(options.lastEventId);
  const encoder = new TextEncoder();
  const db = getDb();
  let closed = false;
  let wake: (() => void) | null = null;
  const pending: BusMessage[] = [];

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: BattleEvent, withId = true) => {
        if (closed) return;
        controller.enqueue(encoder.encode(formatEvent(event, withId ? encodeCursor(cursor) : undefined)));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        wake?.();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const unsubscribe = subscribe(battleId, (message) => {
        pending.push(message);
        wake?.();
      });
      const heartbeat = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, HEARTBEAT_MS);
      signal.addEventListener("abort", close, { once: true });

      const emitText = (side: SideLabel, full: string) => {
        if (full.length > cursor[side]) {
          const text = full.slice(cursor[side]);
          cursor[side] = full.length;
          send({ type: "delta", side, text });
        }
      };

      /** Brings the client up to date from the database (and live text); returns true when finished. */
      const sync = async (): Promise<boolean> => {
        const battle = await db.battle.findUnique({
          where: { id: battleId },
          select: {
            status: true,
            failureReason: true,
            createdAt: true,
            reannotationOfId: true,
            responses: {
              select: { side: true, status: true, text: true, citations: true, droppedCitations: true, updatedAt: true, firstTokenMs: true, totalMs: true },
            },
          },
        });
        if (!battle) {
          send({ type: "failed", message: "This battle no longer exists." }, false);
          return true;
        }
        const sides = battle.responses.sort((a, b) => a.side.localeCompare(b.side)) as (SideState & AnswerTiming)[];
        // A re-annotation copy replays its saved answers at their original pace (lib/reannotation).
        const replayElapsed = battle.reannotationOfId ? Date.now() - battle.createdAt.getTime() : null;
        let replaying = false;
        for (const s of sides) {
          const live = getLiveText(battleId, s.side);
          const endKey = s.side === "A" ? "endA" : "endB";
          if (cursor[endKey]) continue;
          const shown = replayElapsed === null || s.status !== "DONE" ? s.text.length : replayedLength(s.text, replayElapsed, s);
          if (shown < s.text.length) {
            emitText(s.side, s.text.slice(0, Math.max(shown, cursor[s.side])));
            replaying = true;
          } else if (s.status === "DONE") {
            emitText(s.side, s.text);
            cursor[endKey] = true;
            const citations = publicCitations(s.citations);
            send({ type: "done", side: s.side, text: s.text, citations, stats: stats(s.text, citations, s.droppedCitations) });
          } else if (s.status === "FAILED") {
            emitText(s.side, s.text);
            cursor[endKey] = true;
            send({ type: "error", side: s.side, message: `Model ${s.side} could not finish its answer.` });
          } else {
            emitText(s.side, live && live.length > s.text.length ? live : s.text);
          }
        }
        if (replaying) return false;
        if (battle.status === "READY" || battle.status === "VOTED") {
          send({ type: "ready" }, false);
          return true;
        }
        if (battle.status === "FAILED") {
          send({ type: "failed", message: battle.failureReason ?? "This battle failed." }, false);
          return true;
        }
        if (!isGeneratingHere(battleId) && (await failAbandonedBattles({ battleId })).length) return sync();
        return false;
      };

      controller.enqueue(encoder.encode(`retry: ${RECONNECT_MS}\n\n`));
      try {
        if (!cursor.references) {
          const references = toPublicReferences(await loadReferences(db, options.retrievalRunId));
          cursor.references = true;
          send({ type: "references", references });
        }
        let finished = await sync();
        while (!finished && !closed) {
          const local = isGeneratingHere(battleId);
          if (pending.length === 0) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, local ? POLL_MS_LOCAL : POLL_MS_REMOTE);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = null;
          }
          if (closed) break;
          let needSync = pending.length === 0; // woke by timer: poll
          for (const message of pending.splice(0)) {
            if (message.kind === "state") {
              needSync = true;
              continue;
            }
            const have = cursor[message.side];
            const end = message.offset + message.text.length;
            const ended = message.side === "A" ? cursor.endA : cursor.endB;
            if (ended || end <= have) continue;
            if (message.offset > have) {
              needSync = true; // a gap: fill it from the live text or the database
              continue;
            }
            cursor[message.side] = end;
            send({ type: "delta", side: message.side, text: message.text.slice(have - message.offset) });
          }
          if (needSync) finished = await sync();
        }
      } catch (error) {
        // Database trouble: end this response without a terminal event; EventSource reconnects with
        // Last-Event-ID and resumes where it stopped.
        log.warn("battle stream interrupted", { battleId, error: String((error as Error)?.message ?? error) });
      }
      close();
    },
    cancel() {
      closed = true;
      wake?.();
    },
  });
}
