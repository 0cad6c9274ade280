-- AlterTable
ALTER TABLE "RetrievalRun" ADD COLUMN     "notice" TEXT,
ADD COLUMN     "reranker" TEXT NOT NULL DEFAULT 'none',
ADD COLUMN     "understoodBy" TEXT NOT NULL DEFAULT 'rules';

-- CreateTable
CREATE TABLE "LexemeStat" (
    "lexeme" TEXT NOT NULL,
    "df" INTEGER NOT NULL,

    CONSTRAINT "LexemeStat_pkey" PRIMARY KEY ("lexeme")
);

-- CreateTable
CREATE TABLE "CorpusStat" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "passages" INTEGER NOT NULL,
    "avgLength" DOUBLE PRECISION NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CorpusStat_pkey" PRIMARY KEY ("id")
);

