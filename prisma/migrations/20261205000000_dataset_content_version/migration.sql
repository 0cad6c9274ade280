-- A version of the content of published records, for the dataset export's cache of encoded row groups
-- (docs/decisions/022-export-unit-cache.md). The cache key holds each record's vote id, choice, discipline
-- and category, the salt and this version: the triggers below bump it when anything else a record is made
-- of changes after the fact. Bumped in the changing transaction, so an export that reads the new version
-- also reads the new content.

-- CreateTable
CREATE TABLE "DatasetContentVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "DatasetContentVersion_pkey" PRIMARY KEY ("id")
);

INSERT INTO "DatasetContentVersion" (id, version) VALUES (1, 0);

CREATE FUNCTION "dataset_content_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "DatasetContentVersion" SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

-- What the export reads of an answer's citations (their numbers, and the paper id and title kept for a
-- citation missing from the reference list): the attribution judge's labels do not count.
CREATE FUNCTION "dataset_citation_key"(citations jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_array(e -> 'n', e -> 'externalId', e -> 'title')), '[]'::jsonb)
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(citations) = 'array' THEN citations ELSE '[]'::jsonb END) e
$$;

CREATE TRIGGER "Question_dataset_content"
  AFTER UPDATE OF text ON "Question"
  FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text)
  EXECUTE FUNCTION "dataset_content_changed"();

CREATE TRIGGER "Model_dataset_content"
  AFTER UPDATE OF slug ON "Model"
  FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug)
  EXECUTE FUNCTION "dataset_content_changed"();

CREATE TRIGGER "Paper_dataset_content"
  AFTER UPDATE OF "externalId", title, authors, year ON "Paper"
  FOR EACH ROW WHEN (OLD."externalId" IS DISTINCT FROM NEW."externalId" OR OLD.title IS DISTINCT FROM NEW.title
    OR OLD.authors IS DISTINCT FROM NEW.authors OR OLD.year IS DISTINCT FROM NEW.year)
  EXECUTE FUNCTION "dataset_content_changed"();

CREATE TRIGGER "RetrievedItem_dataset_content"
  AFTER UPDATE OF "runId", "refNumber", text, "paperId", rank ON "RetrievedItem"
  FOR EACH ROW WHEN (OLD."runId" IS DISTINCT FROM NEW."runId" OR OLD."refNumber" IS DISTINCT FROM NEW."refNumber"
    OR OLD.text IS DISTINCT FROM NEW.text OR OLD."paperId" IS DISTINCT FROM NEW."paperId" OR OLD.rank IS DISTINCT FROM NEW.rank)
  EXECUTE FUNCTION "dataset_content_changed"();

CREATE TRIGGER "RetrievedItem_dataset_content_delete"
  AFTER DELETE ON "RetrievedItem"
  FOR EACH STATEMENT EXECUTE FUNCTION "dataset_content_changed"();

-- Only finished answers: the flushes of a streaming answer change its text many times, and no vote can be
-- counted before both answers are finished.
CREATE TRIGGER "Response_dataset_content"
  AFTER UPDATE OF text, citations, side, "battleId" ON "Response"
  FOR EACH ROW WHEN (OLD.status = 'DONE' AND (OLD.text IS DISTINCT FROM NEW.text OR OLD.side IS DISTINCT FROM NEW.side
    OR OLD."battleId" IS DISTINCT FROM NEW."battleId"
    OR "dataset_citation_key"(OLD.citations) IS DISTINCT FROM "dataset_citation_key"(NEW.citations)))
  EXECUTE FUNCTION "dataset_content_changed"();

CREATE TRIGGER "Response_dataset_content_delete"
  AFTER DELETE ON "Response"
  FOR EACH STATEMENT EXECUTE FUNCTION "dataset_content_changed"();

CREATE TRIGGER "Battle_dataset_content"
  AFTER UPDATE OF "questionId", "retrievalRunId", "modelAId", "modelBId" ON "Battle"
  FOR EACH ROW WHEN (OLD."questionId" IS DISTINCT FROM NEW."questionId" OR OLD."retrievalRunId" IS DISTINCT FROM NEW."retrievalRunId"
    OR OLD."modelAId" IS DISTINCT FROM NEW."modelAId" OR OLD."modelBId" IS DISTINCT FROM NEW."modelBId")
  EXECUTE FUNCTION "dataset_content_changed"();

CREATE TRIGGER "Vote_dataset_content"
  AFTER UPDATE OF reason, "createdAt", "userId", "battleId" ON "Vote"
  FOR EACH ROW WHEN (OLD.reason IS DISTINCT FROM NEW.reason OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt"
    OR OLD."userId" IS DISTINCT FROM NEW."userId" OR OLD."battleId" IS DISTINCT FROM NEW."battleId")
  EXECUTE FUNCTION "dataset_content_changed"();
