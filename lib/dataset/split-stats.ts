import { compareGroupNames } from "./ordering";
import type { EvalVote, SciArenaEvalRecord } from "./record";

// Counts for the dataset card, gathered while records stream past (memory grows with the number of
// disciplines and categories, not records).

export interface GroupCounts {
  /** Discipline or category; null for records without one. */
  name: string | null;
  total: number;
  votes: Record<EvalVote, number>;
}

export interface SplitStats {
  total: number;
  votes: Record<EvalVote, number>;
  /** Per discipline (the record's subject), sorted by name, null last. */
  bySubject: GroupCounts[];
  /** Per question category (the record's question_type), sorted by name, null last. */
  byQuestionType: GroupCounts[];
}

const noVotes = (): Record<EvalVote, number> => ({ A: 0, B: 0, tie: 0, bad: 0 });

export class SplitStatsAccumulator {
  private total = 0;
  private readonly votes = noVotes();
  private readonly subjects = new Map<string | null, GroupCounts>();
  private readonly questionTypes = new Map<string | null, GroupCounts>();

  add(record: Pick<SciArenaEvalRecord, "vote" | "subject" | "question_type">): void {
    this.total++;
    this.votes[record.vote]++;
    for (const [groups, name] of [
      [this.subjects, record.subject],
      [this.questionTypes, record.question_type],
    ] as const) {
      let counts = groups.get(name);
      if (!counts) {
        counts = { name, total: 0, votes: noVotes() };
        groups.set(name, counts);
      }
      counts.total++;
      counts.votes[record.vote]++;
    }
  }

  result(): SplitStats {
    const sorted = (groups: Map<string | null, GroupCounts>): GroupCounts[] =>
      [...groups.values()].map((counts) => ({ ...counts, votes: { ...counts.votes } })).sort((left, right) => compareGroupNames(left.name, right.name));
    return {
      total: this.total,
      votes: { ...this.votes },
      bySubject: sorted(this.subjects),
      byQuestionType: sorted(this.questionTypes),
    };
  }
}
