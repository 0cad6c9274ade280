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
-- tokens at the model's current prices; NULL when neither is known). Used by the trigger and the backfill below.
CREATE FUNCTION "answer_facts"(r "Response", OUT len integer, OUT n integer, OUT supporting integer,
    OUT irrelevant integer, OUT labeled integer, OUT cost double precision)
  LANGUAGE sql STABLE AS $$
  SELECT octet_length(r.text),
    CASE WHEN jsonb_typeof(r.citations) = 'array' THEN jsonb_array_length(r.citations) ELSE 0 END,
    CASE WHEN l.labelled THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label == "supporting")')) ELSE 0 END,
    CASE WHEN l.labelled THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label == "irrelevant")')) ELSE 0 END,
    CASE WHEN l.labelled THEN jsonb_array_length(jsonb_path_query_array(r.citations, '$[*] ? (@.label != null)')) ELSE 0 END,
    coalesce(r."costUsd", CASE WHEN r."inputTokens" IS NULL AND r."outputTokens" IS NULL THEN NULL
      ELSE (SELECT (coalesce(r."inputTokens", 0) * m."costPer1kIn" + coalesce(r."outputTokens", 0) * m."costPer1kOut") / 1000.0
              FROM "Model" m WHERE m.id = r."modelId") END)::float8
  FROM (SELECT coalesce(r.citations @? '$[*].label', false) AS labelled) l
$$;

CREATE FUNCTION "response_answer_facts"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  f record;
BEGIN
  SELECT * INTO f FROM "answer_facts"(NEW);
  IF NEW.side = 'A' THEN
    UPDATE "Battle" SET "lengthA" = f.len, "citationsA" = f.n, "supportingA" = f.supporting,
        "irrelevantA" = f.irrelevant, "labeledA" = f.labeled, "costUsdA" = f.cost
      WHERE id = NEW."battleId";
  ELSE
    UPDATE "Battle" SET "lengthB" = f.len, "citationsB" = f.n, "supportingB" = f.supporting,
        "irrelevantB" = f.irrelevant, "labeledB" = f.labeled, "costUsdB" = f.cost
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
  FROM "Response" r, LATERAL "answer_facts"(r) f
  WHERE r.side = 'A' AND b.id = r."battleId";

UPDATE "Battle" b SET "lengthB" = f.len, "citationsB" = f.n, "supportingB" = f.supporting, "irrelevantB" = f.irrelevant,
    "labeledB" = f.labeled, "costUsdB" = f.cost
  FROM "Response" r, LATERAL "answer_facts"(r) f
  WHERE r.side = 'B' AND b.id = r."battleId";
