"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import type { BattleView as BattleData } from "@/lib/battles/get-battle";
import type { PublicVote, RevealedModel } from "@/lib/battles/types";
import { ApiError, newClientKey, postJson } from "../api-client";
import { AnswerPane } from "./answer-pane";
import { ReferenceList } from "./reference-list";
import { useBattleStream } from "./use-battle-stream";
import { VoteBar, type Choice } from "./vote-bar";

const CHOICE_TEXT: Record<Choice, string> = {
  A: "Model A is better",
  B: "Model B is better",
  TIE: "Tie",
  BOTH_BAD: "Both are bad",
};

export function BattleView({ initial }: { initial: BattleData }) {
  const router = useRouter();
  // Sometimes the next battle is an earlier one to judge again (quality control); the server decides.
  // Without JavaScript the link simply leads to the question form.
  const goNext = useCallback(
    async (event: React.MouseEvent) => {
      event.preventDefault();
      const next = await postJson<{ battleId: string | null }>("/api/battles/next", {}).catch(() => ({ battleId: null }));
      router.push(next.battleId ? `/battles/${next.battleId}` : "/");
    },
    [router],
  );
  const stream = useBattleStream(initial.id, initial.references);
  const [vote, setVote] = useState<PublicVote | null>(initial.vote);
  const [models, setModels] = useState<RevealedModel[] | null>(initial.models);
  const [voting, setVoting] = useState(false);
  const [voteError, setVoteError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);

  const onVote = useCallback(
    async (choice: Choice, reason: string) => {
      setVoting(true);
      setVoteError(null);
      try {
        const result = await postJson<{ vote: PublicVote; models: RevealedModel[] }>(`/api/battles/${initial.id}/vote`, {
          choice,
          reason: reason.trim() || null,
        });
        setVote(result.vote);
        setModels(result.models);
      } catch (e) {
        setVoteError(e instanceof Error ? e.message : "Could not record the vote.");
      } finally {
        setVoting(false);
      }
    },
    [initial.id],
  );

  async function retry() {
    setRetrying(true);
    setRetryError(null);
    try {
      const created = await postJson<{ battleId: string }>("/api/battles", {
        question: initial.question,
        discipline: initial.discipline,
        clientKey: newClientKey(),
      });
      router.push(`/battles/${created.battleId}`);
    } catch (e) {
      setRetryError(e instanceof ApiError ? e.message : "Could not start a new battle.");
      setRetrying(false);
    }
  }

  const failed = stream.phase === "failed" || initial.status === "failed";
  const ready = stream.phase === "ready" && stream.A.status === "done" && stream.B.status === "done";
  const nameOf = (side: "A" | "B") => models?.find((m) => m.side === side)?.displayName;

  return (
    <div className="space-y-5 pb-4">
      <div>
        <p className="text-sm uppercase tracking-wide text-slate-600 dark:text-slate-400">Question</p>
        <h1 className="mt-1 text-xl font-semibold leading-snug sm:text-2xl" data-testid="battle-question">
          {initial.question}
        </h1>
      </div>

      <ReferenceList references={stream.references} notice={initial.searchNotice} />

      {stream.reconnecting ? (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
          Connection interrupted, reconnecting…
        </p>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2">
        <AnswerPane label="A" side={stream.A} references={stream.references} revealedName={nameOf("A")} />
        <AnswerPane label="B" side={stream.B} references={stream.references} revealedName={nameOf("B")} />
      </div>

      {failed ? (
        <section role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <h2 className="font-semibold">This battle could not be completed</h2>
          <p className="mt-1 text-sm">{stream.failure ?? initial.failureReason ?? "One of the answers failed."} No vote is needed.</p>
          <button
            type="button"
            onClick={retry}
            disabled={retrying}
            className="mt-3 rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-50"
          >
            {retrying ? "Starting…" : "Try again with a new pair of models"}
          </button>
          {retryError ? <p className="mt-2 text-sm">{retryError}</p> : null}
        </section>
      ) : vote && models ? (
        <section aria-labelledby="reveal-title" data-testid="reveal" className="rounded-lg border border-indigo-200 bg-indigo-50 p-4 dark:border-indigo-900 dark:bg-indigo-950">
          <h2 id="reveal-title" className="text-lg font-semibold">
            Thanks for voting — here are the models
          </h2>
          <p className="mt-1 text-sm">
            Your vote: <strong>{CHOICE_TEXT[vote.choice]}</strong>
            {vote.reason ? ` — “${vote.reason}”` : ""}
          </p>
          <ul className="mt-3 grid gap-2 sm:grid-cols-2">
            {models.map((m) => (
              <li key={m.side} className="rounded-md bg-white p-3 dark:bg-slate-900" data-testid={`revealed-${m.side}`}>
                <span className="text-sm text-slate-600 dark:text-slate-400">Model {m.side}</span>
                <span className="block font-semibold">{m.displayName}</span>
                <span className="block text-sm text-slate-600 dark:text-slate-400">{m.organization}</span>
              </li>
            ))}
          </ul>
          <Link href="/" onClick={goNext} className="mt-4 inline-block rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
            Next question
          </Link>
        </section>
      ) : (
        <>
          {voteError ? (
            <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
              {voteError}
            </p>
          ) : null}
          <VoteBar enabled={ready} submitting={voting} onVote={onVote} />
        </>
      )}
    </div>
  );
}
