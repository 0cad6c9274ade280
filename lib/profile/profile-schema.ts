import { z } from "zod";
import { DISCIPLINES, SUBFIELDS, type Discipline } from "@/lib/questions/disciplines";
import { CAREER_STAGES, PUBLICATION_BANDS } from "./options";

/** The onboarding form (PUT /api/profile). The terms must be accepted; dataset consent is a choice. */
export const profileInputSchema = z
  .object({
    discipline: z.enum(DISCIPLINES, { message: `must be one of: ${DISCIPLINES.join(", ")}` }),
    subfield: z.string().trim().min(1, "choose a subfield"),
    careerStage: z.enum(CAREER_STAGES, { message: `must be one of: ${CAREER_STAGES.join(", ")}` }),
    publicationBand: z.enum(PUBLICATION_BANDS, { message: `must be one of: ${PUBLICATION_BANDS.join(", ")}` }),
    affiliation: z.string().trim().max(200, "at most 200 characters").optional(),
    acceptTerms: z.literal(true, { message: "you must accept the terms to take part" }),
    datasetConsent: z.boolean({ message: "answer true or false" }),
  })
  .strict()
  .superRefine((value, ctx) => {
    const allowed = SUBFIELDS[value.discipline as Discipline];
    if (!allowed.includes(value.subfield)) {
      ctx.addIssue({ code: "custom", path: ["subfield"], message: `is not a subfield of ${value.discipline}; choose one of: ${allowed.join(", ")}` });
    }
  });

export type ProfileInput = z.infer<typeof profileInputSchema>;
