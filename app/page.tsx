import Link from "next/link";
import { AskForm } from "@/components/ask-form";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/get-viewer";
import { getCorpusStatus } from "@/lib/corpus/corpus-status";
import { DISCIPLINES, QUESTION_MAX_LENGTH, QUESTION_MIN_LENGTH } from "@/lib/questions/disciplines";

export const dynamic = "force-dynamic";

export default async function AskPage() {
  const [user, status] = await Promise.all([getViewer(), getCorpusStatus()]);
  // Researchers describe themselves before their first question (docs/decisions/070-accounts-and-roles.md).
  if (user && !user.onboarded) redirect("/onboarding?callbackUrl=/");
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Ask the literature</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">
        Ask a research question. We retrieve relevant papers, two anonymous models answer side by side with
        numbered citations, and you vote for the better answer. The models are revealed after your vote.
      </p>

      {status.papers === 0 ? (
        <section
          aria-labelledby="empty-corpus"
          className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50"
        >
          <h2 id="empty-corpus" className="font-semibold">
            The paper corpus is empty
          </h2>
          <p className="mt-1 text-sm">
            Questions are answered from papers stored in this server&apos;s database. Load a corpus first, for example:
          </p>
          <pre className="mt-2 overflow-x-auto rounded bg-white/70 p-2 text-sm dark:bg-black/40">
            <code>npm run ingest -- ../shared/data/corpus/papers</code>
          </pre>
        </section>
      ) : null}

      {status.activeModels < 2 ? (
        <p role="status" className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50">
          Fewer than two models are active, so battles cannot start. Restart the app to register the built-in demo models.
        </p>
      ) : null}

      {user ? (
        <AskForm
          disciplines={[...DISCIPLINES]}
          minLength={QUESTION_MIN_LENGTH}
          maxLength={QUESTION_MAX_LENGTH}
          disabled={status.papers === 0 || status.activeModels < 2}
        />
      ) : (
        <div className="mt-8 rounded-lg border border-slate-200 bg-white p-6 text-center dark:border-slate-800 dark:bg-slate-900">
          <p className="text-slate-700 dark:text-slate-200">Sign in to ask a question and vote.</p>
          <Link
            href="/signin?callbackUrl=/"
            className="mt-4 inline-block rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
          >
            Sign in
          </Link>
        </div>
      )}

      <p className="mt-8 text-sm text-slate-600 dark:text-slate-400">
        {status.papers.toLocaleString("en-US")} papers in the corpus.
      </p>
    </div>
  );
}
