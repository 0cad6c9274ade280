import { getDb } from "@/lib/db";
import { agreementByGroup, type GroupedLabelPair } from "@/lib/quality/agreement-by-group";
import type { Agreement, Choice } from "@/lib/quality/agreement";

export interface AgreementReport {
  /** The same researcher judging a battle again (self-consistency), per discipline and "all". */
  selfConsistency: { group: string; agreement: Agreement }[];
  /** Another researcher judging it (inter-annotator agreement), per discipline and "all". */
  interAnnotator: { group: string; agreement: Agreement }[];
  /** Per re-annotating researcher: how often they agree with the original voter (both kinds). */
  byAnnotator: { userId: string; agreement: Agreement }[];
}

interface PairRow {
  originalChoice: Choice;
  copyChoice: Choice;
  swapped: boolean;
  self: boolean;
  discipline: string | null;
  userId: string;
}

const flip = (choice: Choice): Choice => (choice === "A" ? "B" : choice === "B" ? "A" : choice);

/** Agreement between every re-annotation vote and the original vote of the same battle. */
export async function computeAgreement(): Promise<AgreementReport> {
  const rows = await getDb().$queryRaw<PairRow[]>`
    SELECT ov.choice::text AS "originalChoice", rv.choice::text AS "copyChoice",
           (rb."modelAId" <> ob."modelAId") AS swapped, (rv."userId" = ov."userId") AS self,
           q.discipline, rv."userId"
    FROM "Battle" rb
    JOIN "Vote" rv ON rv."battleId" = rb.id
    JOIN "Battle" ob ON ob.id = rb."reannotationOfId"
    JOIN "Vote" ov ON ov."battleId" = ob.id
    JOIN "Question" q ON q.id = ob."questionId"`;
  const pairs = rows.map((row) => ({
    self: row.self,
    userId: row.userId,
    // The copy's labels refer to its own sides; turn them back to the original's.
    pair: { group: row.discipline ?? "Unclassified", first: row.originalChoice, second: row.swapped ? flip(row.copyChoice) : row.copyChoice } satisfies GroupedLabelPair,
  }));
  const byUser = new Map<string, GroupedLabelPair[]>();
  for (const p of pairs) byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), p.pair]);
  return {
    selfConsistency: agreementByGroup(pairs.filter((p) => p.self).map((p) => p.pair)),
    interAnnotator: agreementByGroup(pairs.filter((p) => !p.self).map((p) => p.pair)),
    byAnnotator: [...byUser].map(([userId, list]) => ({ userId, agreement: agreementByGroup(list)[0].agreement })),
  };
}
