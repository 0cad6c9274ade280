import { z } from "zod";
import { DISCIPLINES, QUESTION_MAX_LENGTH, QUESTION_MIN_LENGTH } from "@/lib/questions/disciplines";

export const createBattleSchema = z
  .object({
    question: z
      .string({ error: (i) => (i.input === undefined ? "question is required" : "question must be a string") })
      .trim()
      .min(QUESTION_MIN_LENGTH, `question must be at least ${QUESTION_MIN_LENGTH} characters (after trimming spaces)`)
      .max(QUESTION_MAX_LENGTH, `question must be at most ${QUESTION_MAX_LENGTH} characters`),
    discipline: z
      .enum(DISCIPLINES, { error: `discipline must be one of: ${DISCIPLINES.join(", ")}` })
      .nullish()
      .transform((d) => d ?? null),
    clientKey: z
      .string({ error: "clientKey must be a string" })
      .trim()
      .min(8, "clientKey must be 8-100 characters")
      .max(100, "clientKey must be 8-100 characters")
      .regex(/^[A-Za-z0-9_-]+$/, "clientKey may contain letters, digits, _ and - only")
      .optional(),
  })
  .strict();

export type CreateBattleInput = z.infer<typeof createBattleSchema>;

export const VOTE_CHOICES = ["A", "B", "TIE", "BOTH_BAD"] as const;

export const castVoteSchema = z
  .object({
    choice: z.enum(VOTE_CHOICES, { error: `choice must be one of: ${VOTE_CHOICES.join(", ")}` }),
    reason: z
      .string({ error: "reason must be a string" })
      .trim()
      .max(500, "reason must be at most 500 characters")
      .nullish()
      .transform((r) => (r ? r : null)),
  })
  .strict();

export type CastVoteInput = z.infer<typeof castVoteSchema>;

export const battleIdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, "battle id is malformed");
