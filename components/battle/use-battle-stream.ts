"use client";

import { useEffect, useReducer } from "react";
import type { AnswerStats, PublicCitation, PublicReference, SideLabel } from "@/lib/battles/types";

export interface SideState {
  text: string;
  status: "waiting" | "streaming" | "done" | "error";
  citations: PublicCitation[];
  stats: AnswerStats | null;
  error: string | null;
}

export interface StreamState {
  references: PublicReference[];
  A: SideState;
  B: SideState;
  phase: "connecting" | "streaming" | "ready" | "failed";
  failure: string | null;
  reconnecting: boolean;
}

type Action =
  | { type: "references"; references: PublicReference[] }
  | { type: "delta"; side: SideLabel; text: string }
  | { type: "done"; side: SideLabel; text: string; citations: PublicCitation[]; stats: AnswerStats }
  | { type: "error"; side: SideLabel; message: string }
  | { type: "ready" }
  | { type: "failed"; message: string }
  | { type: "connection"; reconnecting: boolean };

const emptySide = (): SideState => ({ text: "", status: "waiting", citations: [], stats: null, error: null });

function reducer(state: StreamState, action: Action): StreamState {
  switch (action.type) {
    case "references":
      return { ...state, references: action.references, phase: state.phase === "connecting" ? "streaming" : state.phase };
    case "delta": {
      const side = state[action.side];
      return { ...state, phase: "streaming", [action.side]: { ...side, status: "streaming", text: side.text + action.text } };
    }
    case "done":
      return {
        ...state,
        [action.side]: { ...state[action.side], status: "done", text: action.text, citations: action.citations, stats: action.stats },
      };
    case "error":
      return { ...state, [action.side]: { ...state[action.side], status: "error", error: action.message } };
    case "ready":
      return { ...state, phase: "ready", reconnecting: false };
    case "failed":
      return { ...state, phase: "failed", failure: action.message, reconnecting: false };
    case "connection":
      return { ...state, reconnecting: action.reconnecting };
  }
}

/** Follows /api/battles/:id/stream; EventSource resumes with Last-Event-ID after a dropped connection. */
export function useBattleStream(battleId: string, initialReferences: PublicReference[]): StreamState {
  const [state, dispatch] = useReducer(reducer, {
    references: initialReferences,
    A: emptySide(),
    B: emptySide(),
    phase: "connecting",
    failure: null,
    reconnecting: false,
  });

  useEffect(() => {
    const source = new EventSource(`/api/battles/${battleId}/stream`);
    const on = (type: string, handler: (data: Record<string, unknown>) => void) =>
      source.addEventListener(type, (event) => {
        dispatch({ type: "connection", reconnecting: false });
        handler(JSON.parse((event as MessageEvent).data));
      });
    on("references", (d) => dispatch({ type: "references", references: d.references as PublicReference[] }));
    on("delta", (d) => dispatch({ type: "delta", side: d.side as SideLabel, text: d.text as string }));
    on("done", (d) =>
      dispatch({
        type: "done",
        side: d.side as SideLabel,
        text: d.text as string,
        citations: d.citations as PublicCitation[],
        stats: d.stats as AnswerStats,
      }),
    );
    on("error", (d) => dispatch({ type: "error", side: d.side as SideLabel, message: d.message as string }));
    on("ready", () => {
      dispatch({ type: "ready" });
      source.close();
    });
    on("failed", (d) => {
      dispatch({ type: "failed", message: d.message as string });
      source.close();
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        dispatch({ type: "failed", message: "Lost the connection to the server. Reload the page to resume." });
      } else {
        dispatch({ type: "connection", reconnecting: true });
      }
    };
    return () => source.close();
  }, [battleId]);

  return state;
}
