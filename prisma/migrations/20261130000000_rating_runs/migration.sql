-- AlterTable
ALTER TABLE "RatingRow" ADD COLUMN     "costPer100Usd" DOUBLE PRECISION,
ADD COLUMN     "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "onlineElo" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "RatingScope" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "votes" INTEGER NOT NULL,
    "models" INTEGER NOT NULL,
    "pairs" JSONB NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "RatingScope_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RatingScope_runId_scope_key" ON "RatingScope"("runId", "scope");

-- CreateIndex
CREATE INDEX "RatingRun_finishedAt_idx" ON "RatingRun"("finishedAt");

-- AddForeignKey
ALTER TABLE "RatingScope" ADD CONSTRAINT "RatingScope_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RatingRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

