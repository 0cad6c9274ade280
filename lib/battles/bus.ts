import { EventEmitter } from "node:events";
import type { SideLabel } from "./types";

// In-process notifications from answer generation to open SSE streams. Kept on globalThis so every
// route bundle in the Next process shares one bus. Streams on other instances poll the database.

export type BusMessage =
  | { kind: "delta"; side: SideLabel; offset: number; text: string }
  | { kind: "state" };

interface BusState {
  emitter: EventEmitter;
  /** Live (not yet flushed) answer text of battles generating in this process. */
  live: Map<string, { A: string; B: string }>;
}

const holder = globalThis as unknown as { __arenaBus?: BusState };
function state(): BusState {
  if (!holder.__arenaBus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    holder.__arenaBus = { emitter, live: new Map() };
  }
  return holder.__arenaBus;
}

export function publish(battleId: string, message: BusMessage): void {
  state().emitter.emit(battleId, message);
}

export function subscribe(battleId: string, listener: (message: BusMessage) => void): () => void {
  const { emitter } = state();
  emitter.on(battleId, listener);
  return () => emitter.off(battleId, listener);
}

export function setLiveText(battleId: string, side: SideLabel, text: string): void {
  const live = state().live;
  const entry = live.get(battleId) ?? { A: "", B: "" };
  entry[side] = text;
  live.set(battleId, entry);
}

export function getLiveText(battleId: string, side: SideLabel): string | undefined {
  return state().live.get(battleId)?.[side];
}

export function isGeneratingHere(battleId: string): boolean {
  return state().live.has(battleId);
}

export function clearLive(battleId: string): void {
  state().live.delete(battleId);
}
