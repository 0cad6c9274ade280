-- AlterTable
ALTER TABLE "RetrievalRun" ADD COLUMN     "notice" TEXT,
ADD COLUMN     "reranker" TEXT NOT NULL DEFAULT 'none',
ADD COLUMN     "understoodBy" TEXT NOT NULL DEFAULT 'rules';

