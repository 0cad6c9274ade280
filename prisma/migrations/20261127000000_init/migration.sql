-- Initial schema: generated from prisma/schema.prisma with tools/prisma-diff (Prisma migrate diff).
-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('RESEARCHER', 'ADMIN');

-- CreateEnum
CREATE TYPE "ModelLicense" AS ENUM ('OPEN', 'PROPRIETARY');

-- CreateEnum
CREATE TYPE "ModerationStatus" AS ENUM ('ALLOWED', 'FLAGGED', 'HIDDEN');

-- CreateEnum
CREATE TYPE "BattleStatus" AS ENUM ('PENDING', 'STREAMING', 'READY', 'FAILED', 'VOTED');

-- CreateEnum
CREATE TYPE "Side" AS ENUM ('A', 'B');

-- CreateEnum
CREATE TYPE "ResponseStatus" AS ENUM ('PENDING', 'STREAMING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "VoteChoice" AS ENUM ('A', 'B', 'TIE', 'BOTH_BAD');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "emailVerified" TIMESTAMP(3),
    "image" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("provider","providerAccountId")
);

-- CreateTable
CREATE TABLE "Session" (
    "sessionToken" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL
);

-- CreateTable
CREATE TABLE "VerificationToken" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VerificationToken_pkey" PRIMARY KEY ("identifier","token")
);

-- CreateTable
CREATE TABLE "ResearcherProfile" (
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'RESEARCHER',
    "discipline" TEXT,
    "subfield" TEXT,
    "affiliation" TEXT,
    "orcid" TEXT,
    "careerStage" TEXT,
    "publicationBand" TEXT,
    "termsConsentAt" TIMESTAMP(3),
    "datasetConsentAt" TIMESTAMP(3),
    "excludedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ResearcherProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "AnnotatorFlag" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "test" TEXT NOT NULL,
    "pValue" DOUBLE PRECISION NOT NULL,
    "statistic" DOUBLE PRECISION,
    "details" JSONB NOT NULL DEFAULT '{}',
    "flaggedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reinstatedAt" TIMESTAMP(3),

    CONSTRAINT "AnnotatorFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "organization" TEXT NOT NULL,
    "license" "ModelLicense" NOT NULL,
    "provider" TEXT NOT NULL,
    "providerModel" TEXT NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "costPer1kIn" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "costPer1kOut" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Paper" (
    "id" SERIAL NOT NULL,
    "externalId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "authors" TEXT[],
    "year" INTEGER,
    "publishedOn" TEXT,
    "venue" TEXT,
    "abstract" TEXT NOT NULL,
    "url" TEXT,
    "doi" TEXT,
    "fieldsOfStudy" TEXT[],
    "categories" TEXT[],
    "externalIds" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Paper_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Passage" (
    "id" SERIAL NOT NULL,
    "paperId" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "section" TEXT NOT NULL DEFAULT 'abstract',
    "text" TEXT NOT NULL,
    "tsv" tsvector,

    CONSTRAINT "Passage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Question" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "discipline" TEXT,
    "category" TEXT,
    "moderationStatus" "ModerationStatus" NOT NULL DEFAULT 'ALLOWED',
    "moderationReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetrievalRun" (
    "id" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "rewrittenQueries" JSONB NOT NULL DEFAULT '[]',
    "filters" JSONB NOT NULL DEFAULT '{}',
    "timings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetrievalRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetrievedItem" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "refNumber" INTEGER NOT NULL,
    "paperId" INTEGER NOT NULL,
    "passageId" INTEGER,
    "score" DOUBLE PRECISION NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "RetrievedItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Battle" (
    "id" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "retrievalRunId" TEXT NOT NULL,
    "modelAId" TEXT NOT NULL,
    "modelBId" TEXT NOT NULL,
    "status" "BattleStatus" NOT NULL DEFAULT 'PENDING',
    "createdById" TEXT NOT NULL,
    "clientKey" TEXT,
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "readyAt" TIMESTAMP(3),

    CONSTRAINT "Battle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" TEXT NOT NULL,
    "battleId" TEXT NOT NULL,
    "side" "Side" NOT NULL,
    "modelId" TEXT NOT NULL,
    "status" "ResponseStatus" NOT NULL DEFAULT 'PENDING',
    "rawText" TEXT NOT NULL DEFAULT '',
    "text" TEXT NOT NULL DEFAULT '',
    "citations" JSONB NOT NULL DEFAULT '[]',
    "droppedCitations" INTEGER NOT NULL DEFAULT 0,
    "finishReason" TEXT,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "firstTokenMs" INTEGER,
    "totalMs" INTEGER,
    "costUsd" DOUBLE PRECISION,
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Vote" (
    "id" TEXT NOT NULL,
    "battleId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "choice" "VoteChoice" NOT NULL,
    "reason" TEXT,
    "msToVote" INTEGER,
    "counted" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Vote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RatingRun" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "params" JSONB NOT NULL DEFAULT '{}',
    "votesUsed" INTEGER NOT NULL DEFAULT 0,
    "codeVersion" TEXT NOT NULL,
    "durationMs" INTEGER,

    CONSTRAINT "RatingRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RatingRow" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "styleControl" BOOLEAN NOT NULL,
    "modelId" TEXT NOT NULL,
    "rating" DOUBLE PRECISION NOT NULL,
    "q025" DOUBLE PRECISION NOT NULL,
    "q975" DOUBLE PRECISION NOT NULL,
    "variance" DOUBLE PRECISION,
    "rank" INTEGER NOT NULL,
    "battles" INTEGER NOT NULL,
    "wins" INTEGER NOT NULL,
    "losses" INTEGER NOT NULL,
    "ties" INTEGER NOT NULL,

    CONSTRAINT "RatingRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StyleCoefficient" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "q025" DOUBLE PRECISION NOT NULL,
    "q975" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "StyleCoefficient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");

-- CreateIndex
CREATE INDEX "AnnotatorFlag_userId_idx" ON "AnnotatorFlag"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Model_slug_key" ON "Model"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Paper_externalId_key" ON "Paper"("externalId");

-- CreateIndex
CREATE INDEX "Paper_year_idx" ON "Paper"("year");

-- CreateIndex
CREATE INDEX "Passage_tsv_idx" ON "Passage" USING GIN ("tsv");

-- CreateIndex
CREATE UNIQUE INDEX "Passage_paperId_ordinal_key" ON "Passage"("paperId", "ordinal");

-- CreateIndex
CREATE INDEX "Question_userId_createdAt_idx" ON "Question"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "RetrievedItem_paperId_idx" ON "RetrievedItem"("paperId");

-- CreateIndex
CREATE INDEX "RetrievedItem_passageId_idx" ON "RetrievedItem"("passageId");

-- CreateIndex
CREATE UNIQUE INDEX "RetrievedItem_runId_rank_key" ON "RetrievedItem"("runId", "rank");

-- CreateIndex
CREATE INDEX "Battle_createdById_createdAt_idx" ON "Battle"("createdById", "createdAt");

-- CreateIndex
CREATE INDEX "Battle_status_idx" ON "Battle"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Battle_createdById_clientKey_key" ON "Battle"("createdById", "clientKey");

-- CreateIndex
CREATE INDEX "Response_modelId_idx" ON "Response"("modelId");

-- CreateIndex
CREATE UNIQUE INDEX "Response_battleId_side_key" ON "Response"("battleId", "side");

-- CreateIndex
CREATE UNIQUE INDEX "Vote_battleId_key" ON "Vote"("battleId");

-- CreateIndex
CREATE INDEX "Vote_userId_createdAt_idx" ON "Vote"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Vote_createdAt_idx" ON "Vote"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RatingRow_runId_scope_styleControl_modelId_key" ON "RatingRow"("runId", "scope", "styleControl", "modelId");

-- CreateIndex
CREATE UNIQUE INDEX "StyleCoefficient_runId_scope_feature_key" ON "StyleCoefficient"("runId", "scope", "feature");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResearcherProfile" ADD CONSTRAINT "ResearcherProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotatorFlag" ADD CONSTRAINT "AnnotatorFlag_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Passage" ADD CONSTRAINT "Passage_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrievalRun" ADD CONSTRAINT "RetrievalRun_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrievedItem" ADD CONSTRAINT "RetrievedItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RetrievalRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrievedItem" ADD CONSTRAINT "RetrievedItem_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrievedItem" ADD CONSTRAINT "RetrievedItem_passageId_fkey" FOREIGN KEY ("passageId") REFERENCES "Passage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Battle" ADD CONSTRAINT "Battle_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Battle" ADD CONSTRAINT "Battle_retrievalRunId_fkey" FOREIGN KEY ("retrievalRunId") REFERENCES "RetrievalRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Battle" ADD CONSTRAINT "Battle_modelAId_fkey" FOREIGN KEY ("modelAId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Battle" ADD CONSTRAINT "Battle_modelBId_fkey" FOREIGN KEY ("modelBId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Battle" ADD CONSTRAINT "Battle_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_battleId_fkey" FOREIGN KEY ("battleId") REFERENCES "Battle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_battleId_fkey" FOREIGN KEY ("battleId") REFERENCES "Battle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingRow" ADD CONSTRAINT "RatingRow_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RatingRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingRow" ADD CONSTRAINT "RatingRow_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StyleCoefficient" ADD CONSTRAINT "StyleCoefficient_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RatingRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

