-- Style facts of each side's answer on Battle, for the rating job (docs/decisions/011-answer-facts-on-battle.md).

-- AlterTable
ALTER TABLE "Battle" ADD COLUMN     "citationsA" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "citationsB" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "costUsdA" DOUBLE PRECISION,
ADD COLUMN     "costUsdB" DOUBLE PRECISION,
ADD COLUMN     "irrelevantA" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "irrelevantB" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "labeledA" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "labeledB" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lengthA" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lengthB" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "supportingA" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "supportingB" INTEGER NOT NULL DEFAULT 0;

-- The facts of one answer: displayed text length in UTF-8 bytes; citations; citations labelled "supporting",
-- "irrelevant", or at all (counted only when some citation has a label); cost in USD (recorded, else the
-- tokens at the model's current prices; NULL when neither is known).
CREATE FUNCTION "response_answer_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer := CASE WHEN jsonb_typeof(NEW.citations) = 'array' THEN jsonb_array_length(NEW.citations) ELSE 0 END;
  supporting integer := 0;
  irrelevant integer := 0;
  labeled integer := 0;
  cost double precision := NEW."costUsd";
BEGIN
  IF coalesce(NEW.citations @? '$[*].label', false) THEN
    supporting := jsonb_array_length(jsonb_path_query_array(NEW.citations, '$[*] ? (@.label == "supporting")'));
    irrelevant := jsonb_array_length(jsonb_path_query_array(NEW.citations, '$[*] ? (@.label == "irrelevant")'));
    labeled := jsonb_array_length(jsonb_path_query_array(NEW.citations, '$[*] ? (@.label != null)'));
  END IF;
  IF cost IS NULL AND (NEW."inputTokens" IS NOT NULL OR NEW."outputTokens" IS NOT NULL) THEN
    SELECT (coalesce(NEW."inputTokens", 0) * m."costPer1kIn" + coalesce(NEW."outputTokens", 0) * m."costPer1kOut") / 1000.0
      INTO cost FROM "Model" m WHERE m.id = NEW."modelId";
  END IF;
  IF NEW.side = 'A' THEN
    UPDATE "Battle" SET "lengthA" = octet_length(NEW.text), "citationsA" = n, "supportingA" = supporting,
        "irrelevantA" = irrelevant, "labeledA" = labeled, "costUsdA" = cost
      WHERE id = NEW."battleId";
  ELSE
    UPDATE "Battle" SET "lengthB" = octet_length(NEW.text), "citationsB" = n, "supportingB" = supporting,
        "irrelevantB" = irrelevant, "labeledB" = labeled, "costUsdB" = cost
      WHERE id = NEW."battleId";
  END IF;
  RETURN NULL;
END
$$;

-- Only finished answers: the text flushes while an answer streams do not fire it, nor does failing an answer
-- (a failed battle's vote never counts).
CREATE TRIGGER "Response_answer_facts"
  AFTER INSERT OR UPDATE OF text, citations, "costUsd", "inputTokens", "outputTokens", status, side, "battleId", "modelId"
  ON "Response"
  FOR EACH ROW
  WHEN (NEW.status = 'DONE')
  EXECUTE FUNCTION "response_answer_facts"();

-- Existing answers (finished or not, as the rating job read them before).
UPDATE "Battle" b SET "lengthA" = f.len, "citationsA" = f.n, "supportingA" = f.supporting, "irrelevantA" = f.irrelevant,
    "labeledA" = f.labeled, "costUsdA" = f.cost
  FROM (
    SELECT r."battleId", octet_length(r.text) AS len,
      CASE WHEN jsonb_typeof(r.citations) = 'array' THEN jsonb_array_length(r.citations) ELSE 0 END AS n,
      CASE WHEN r.citations @? '$[*].label' THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label == "supporting")')) ELSE 0 END AS supporting,
      CASE WHEN r.citations @? '$[*].label' THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label == "irrelevant")')) ELSE 0 END AS irrelevant,
      CASE WHEN r.citations @? '$[*].label' THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label != null)')) ELSE 0 END AS labeled,
      coalesce(r."costUsd", CASE WHEN r."inputTokens" IS NULL AND r."outputTokens" IS NULL THEN NULL
        ELSE (coalesce(r."inputTokens", 0) * m."costPer1kIn" + coalesce(r."outputTokens", 0) * m."costPer1kOut") / 1000.0 END)::float8 AS cost
    FROM "Response" r JOIN "Model" m ON m.id = r."modelId"
    WHERE r.side = 'A'
  ) f
  WHERE b.id = f."battleId";

UPDATE "Battle" b SET "lengthB" = f.len, "citationsB" = f.n, "supportingB" = f.supporting, "irrelevantB" = f.irrelevant,
    "labeledB" = f.labeled, "costUsdB" = f.cost
  FROM (
    SELECT r."battleId", octet_length(r.text) AS len,
      CASE WHEN jsonb_typeof(r.citations) = 'array' THEN jsonb_array_length(r.citations) ELSE 0 END AS n,
      CASE WHEN r.citations @? '$[*].label' THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label == "supporting")')) ELSE 0 END AS supporting,
      CASE WHEN r.citations @? '$[*].label' THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label == "irrelevant")')) ELSE 0 END AS irrelevant,
      CASE WHEN r.citations @? '$[*].label' THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label != null)')) ELSE 0 END AS labeled,
      coalesce(r."costUsd", CASE WHEN r."inputTokens" IS NULL AND r."outputTokens" IS NULL THEN NULL
        ELSE (coalesce(r."inputTokens", 0) * m."costPer1kIn" + coalesce(r."outputTokens", 0) * m."costPer1kOut") / 1000.0 END)::float8 AS cost
    FROM "Response" r JOIN "Model" m ON m.id = r."modelId"
    WHERE r.side = 'B'
  ) f
  WHERE b.id = f."battleId";
