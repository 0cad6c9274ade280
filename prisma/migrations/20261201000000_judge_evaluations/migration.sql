-- CreateTable
CREATE TABLE "JudgeEvaluation" (
    "id" TEXT NOT NULL,
    "judge" TEXT NOT NULL,
    "judgeProvider" TEXT NOT NULL,
    "judgeModel" TEXT NOT NULL,
    "dataset" TEXT NOT NULL,
    "datasetSha256" TEXT NOT NULL,
    "records" INTEGER NOT NULL,
    "accuracy" DOUBLE PRECISION NOT NULL,
    "accuracyLow" DOUBLE PRECISION NOT NULL,
    "accuracyHigh" DOUBLE PRECISION NOT NULL,
    "accuracyOriginalOrder" DOUBLE PRECISION NOT NULL,
    "positionConsistency" DOUBLE PRECISION,
    "unparseable" INTEGER NOT NULL,
    "promptVersion" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "durationMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JudgeEvaluation_createdAt_idx" ON "JudgeEvaluation"("createdAt");

