"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { ApiError, newClientKey, postJson } from "./api-client";

export function AskForm(props: { disciplines: string[]; minLength: number; maxLength: number; disabled?: boolean }) {
  const router = useRouter();
  const [question, setQuestion] = useState("");
  const [discipline, setDiscipline] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One key per question text: a double click or a retry after a network error reuses the battle.
  const clientKey = useRef<{ text: string; key: string } | null>(null);

  const length = question.trim().length;
  const tooShort = length < props.minLength;
  const tooLong = length > props.maxLength;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (tooShort || tooLong || submitting) return;
    setSubmitting(true);
    setError(null);
    if (clientKey.current?.text !== question) clientKey.current = { text: question, key: newClientKey() };
    try {
      const created = await postJson<{ battleId: string }>("/api/battles", {
        question,
        discipline: discipline || null,
        clientKey: clientKey.current.key,
      });
      router.push(`/battles/${created.battleId}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        router.push("/signin?callbackUrl=/");
        return;
      }
      if (e instanceof ApiError && e.code === "profile_required") {
        router.push("/onboarding?callbackUrl=/");
        return;
      }
      setError(e instanceof Error ? e.message : "Something went wrong.");
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-4" aria-describedby={error ? "ask-error" : undefined}>
      <div>
        <label htmlFor="question" className="block font-medium">
          Your question
        </label>
        <textarea
          id="question"
          name="question"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          rows={5}
          placeholder="e.g. What mechanisms explain the loss of conductivity in strained graphene?"
          aria-describedby="question-count"
          className="mt-1 w-full rounded-lg border border-slate-300 bg-white p-3 text-base shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-700 dark:bg-slate-900"
        />
        <div id="question-count" aria-live="polite" className={`mt-1 text-right text-sm ${tooLong ? "text-red-700 dark:text-red-400" : "text-slate-600 dark:text-slate-400"}`}>
          {length} / {props.maxLength} characters{tooShort && length > 0 ? ` (at least ${props.minLength})` : ""}
        </div>
      </div>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <label htmlFor="discipline" className="block font-medium">
            Discipline
          </label>
          <select
            id="discipline"
            value={discipline}
            onChange={(e) => setDiscipline(e.target.value)}
            className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="">Not sure (detect automatically)</option>
            {props.disciplines.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={props.disabled || tooShort || tooLong || submitting}
          className="rounded-md bg-indigo-600 px-5 py-2.5 font-medium text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {submitting ? "Retrieving papers…" : "Ask two models"}
        </button>
      </div>
      {error ? (
        <p id="ask-error" role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}
    </form>
  );
}
