import Link from "next/link";
import type { RunSummary } from "@/lib/leaderboard/types";

/** The method, in plain words, with the parameters of the run on display. */
export function HowRatingsWork({ run }: { run?: RunSummary }) {
  const rounds = run?.bootstrapRounds ?? 1000;
  return (
    <section id="how-ratings-work" aria-labelledby="how-ratings-work-title" className="mt-10 max-w-3xl space-y-3 text-slate-800 dark:text-slate-200">
      <h2 id="how-ratings-work-title" className="text-xl font-semibold">
        How ratings work
      </h2>
      <p>
        <strong>Votes.</strong> A researcher asks a literature question, two anonymous models answer with citations, and
        the researcher votes for A, B, a tie or &ldquo;both bad&rdquo;. Only counted votes are used: finished battles,
        voters who consented to the release of their votes, and no voters excluded or flagged by quality control.
      </p>
      <p>
        <strong>Bradley–Terry.</strong> Each model gets a strength so that the chance that model <em>i</em> beats model{" "}
        <em>j</em> is 1 / (1 + 10<sup>(R<sub>j</sub> − R<sub>i</sub>)/400</sup>), the Elo formula: 400 points mean 10:1
        odds. The ratings are the exact maximum-likelihood fit to all votes at once, centred on a mean of 1000, so the order
        in which votes arrived does not matter (unlike the running Elo score chess uses, which we compute only for
        comparison).
      </p>
      <p>
        <strong>Ties.</strong> A tie and &ldquo;both bad&rdquo; count as half a win for each side.
      </p>
      <p>
        <strong>Confidence intervals.</strong> We redraw the votes at random with replacement {rounds.toLocaleString("en-US")}{" "}
        times (the bootstrap), refit every time, and report the middle 95% of the ratings as the interval. Few votes
        give wide intervals.
      </p>
      <p>
        <strong>Rank by overlap.</strong> A model&apos;s rank is 1 plus the number of models whose whole interval lies
        above its own. Models whose intervals overlap cannot be told apart and share a rank, so a rank says &ldquo;no
        model is clearly better than this one except…&rdquo;, not a strict order.
      </p>
      <p>
        <strong>Style control.</strong> Voters may favour longer answers or answers with more citations regardless of
        quality. The style-controlled view fits the same model with these differences as extra terms (answer length, the
        number of citations, and, where every citation carries an attribution label, the numbers of supporting and
        irrelevant citations), each as (a−b)/(a+b+1) standardized, and shows the ratings with those effects removed,
        together with the size of each effect. This follows SciArena and Chatbot Arena.
      </p>
      <p>
        <strong>Provisional ratings.</strong> A model that has never lost (or never won) has no finite best-fit rating; we
        then add a weak prior (one virtual tie against an average model) and mark the rating provisional.
      </p>
      <p>
        The votes behind these ratings are published in the{" "}
        <Link href="/dataset" className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
          dataset
        </Link>
        , and the ratings themselves are available from the API:{" "}
        <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">GET /api/leaderboard?scope=overall&amp;style=false&amp;format=json</code>
        {run ? (
          <>
            {" "}
            (this page: run <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{run.id}</code>, code version{" "}
            <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{run.codeVersion}</code>).
          </>
        ) : (
          "."
        )}
      </p>
    </section>
  );
}
