-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "weight" DOUBLE PRECISION NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "classifiedBy" TEXT,
ADD COLUMN     "subfield" TEXT;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "attributionMethod" TEXT,
ADD COLUMN     "irrelevantCitations" INTEGER,
ADD COLUMN     "reasoningTokens" INTEGER,
ADD COLUMN     "supportingCitations" INTEGER;


-- The discipline is named "Humanities & Social Sciences" (SciArena's spelling) from now on.
UPDATE "Question" SET "discipline" = 'Humanities & Social Sciences' WHERE "discipline" = 'Humanities & Social Science';
UPDATE "ResearcherProfile" SET "discipline" = 'Humanities & Social Sciences' WHERE "discipline" = 'Humanities & Social Science';
