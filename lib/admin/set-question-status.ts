import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type QuestionDecision = "allow" | "hide";

/**
 * An admin's moderation decision. A hidden question is left out of the dataset export (lib/dataset-export) and
 * of re-annotation; its votes stay stored.
 */
export async function setQuestionStatus(questionId: string, decision: QuestionDecision, adminId: string): Promise<{ id: string; status: "allowed" | "hidden" }> {
  const status = decision === "hide" ? "HIDDEN" : "ALLOWED";
  const updated = await getDb().question.updateMany({
    where: { id: questionId },
    data: { moderationStatus: status, moderationReason: `${decision === "hide" ? "hidden" : "allowed"} by admin ${adminId}` },
  });
  if (updated.count === 0) throw new AppError("not_found", "Question not found.");
  return { id: questionId, status: decision === "hide" ? "hidden" : "allowed" };
}
