"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "../api-client";

/** One admin button: posts its body to an admin API, then re-renders the page with the new state. */
export function AdminAction(props: { url: string; body: Record<string, unknown>; label: string; tone?: "danger" | "normal" }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      await postJson(props.url, props.body);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Failed.");
    } finally {
      setBusy(false);
    }
  }
  const color = props.tone === "danger" ? "bg-red-700 hover:bg-red-800" : "bg-indigo-600 hover:bg-indigo-700";
  return (
    <span className="inline-flex flex-col">
      <button type="button" onClick={run} disabled={busy} className={`rounded px-2 py-1 text-xs font-medium text-white disabled:opacity-60 ${color}`}>
        {props.label}
      </button>
      {error ? <span role="alert" className="text-xs text-red-700 dark:text-red-400">{error}</span> : null}
    </span>
  );
}
