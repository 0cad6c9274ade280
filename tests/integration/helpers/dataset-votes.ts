import { randomUUID } from "node:crypto";
import type { StoredCitation, StoredPaper, StoredReference, StoredVote, StoredVoteChoice } from "@/lib/dataset";
import { getDb } from "@/lib/db";

// Votes for the dataset tests, written straight into the tables (no model calls): users with or without
// profiles, consent, exclusion and flags; questions with a discipline and category; a retrieval run whose
// numbered list has several passages for one reference; two responses with citations; a vote. Each
// helper returns what the export should publish, as the StoredVote the library maps.

export interface Annotator {
  id: string;
  name: string;
  email: string;
}

export interface AnnotatorOptions {
  /** false: no ResearcherProfile at all. */
  profile?: boolean;
  consent?: boolean;
  excluded?: boolean;
  flag?: "none" | "active" | "reinstated";
}

let counter = 0;

export async function createAnnotator(label: string, options: AnnotatorOptions = {}): Promise<Annotator> {
  const { profile = true, consent = true, excluded = false, flag = "none" } = options;
  const suffix = `${++counter}${randomUUID().slice(0, 6)}`;
  // Distinctive values, so that a search of the export for them cannot match by accident.
  const name = `Zephyrine ${label} Quillfeather${suffix}`;
  const email = `zq.${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.${suffix}@private-mail.example`;
  const db = getDb();
  const user = await db.user.create({ data: { name, email } });
  if (profile) {
    await db.researcherProfile.create({
      data: {
        userId: user.id,
        discipline: "Natural Science",
        affiliation: `Institute of ${name}`,
        orcid: `0000-0002-${String(counter).padStart(4, "0")}-0000`,
        termsConsentAt: new Date(),
        datasetConsentAt: consent ? new Date("2025-01-01T00:00:00Z") : null,
        excludedAt: excluded ? new Date() : null,
      },
    });
  }
  if (flag !== "none") {
    await db.annotatorFlag.create({
      data: { userId: user.id, test: "fisher", pValue: 0.0001, reinstatedAt: flag === "reinstated" ? new Date() : null },
    });
  }
  return { id: user.id, name, email };
}

export async function ensurePapers(): Promise<StoredPaper[]> {
  const db = getDb();
  const papers: StoredPaper[] = [
    { externalId: "arxiv:9901.00001", title: "Attention over long documents", authors: ["Ada Lovelace", "Émile Borel"], year: 2019 },
    { externalId: "pmid:424242", title: "Vaccine potency after cold-chain breaks", authors: ["Wu, Lin", "Okafor, Chidi", "Smith, Jane"], year: null },
    { externalId: "doi:10.1000/xyz", title: "A report without authors", authors: [], year: 2021 },
  ];
  for (const paper of papers) {
    await db.paper.upsert({
      where: { externalId: paper.externalId },
      update: {},
      create: {
        externalId: paper.externalId,
        source: "test",
        title: paper.title,
        authors: [...paper.authors],
        year: paper.year,
        abstract: `Abstract of ${paper.title}.`,
        fieldsOfStudy: [],
        categories: [],
      },
    });
  }
  return papers;
}

export interface VoteFixtureOptions {
  annotator: Annotator;
  choice: StoredVoteChoice;
  discipline?: string | null;
  category?: string | null;
  battleStatus?: "VOTED" | "FAILED" | "READY";
  counted?: boolean;
  moderation?: "ALLOWED" | "FLAGGED" | "HIDDEN";
  reason?: string | null;
  modelA?: string;
  modelB?: string;
  /** Vote time; ids are random, so tests must not rely on time order matching id order. */
  createdAt?: Date;
  responseA?: string;
  responseB?: string;
  /** [n] numbers each side cites, in order of first citation. */
  citedA?: number[];
  citedB?: number[];
  id?: string;
}

/** Creates one battle with its vote; returns the vote as the export should see it. */
export async function createVote(papers: readonly StoredPaper[], options: VoteFixtureOptions): Promise<StoredVote> {
  const db = getDb();
  const {
    annotator,
    choice,
    discipline = "Natural Science",
    category = "Conceptual Explanation",
    battleStatus = "VOTED",
    counted = true,
    moderation = "ALLOWED",
    reason = null,
    modelA = "demo-careful",
    modelB = "demo-terse",
    createdAt = new Date(Date.UTC(2025, 4, 1, 12, 0, 0, ++counter)),
    citedA = [1, 2],
    citedB = [3],
  } = options;
  const n = ++counter;
  const question = `Question ${n}: how do cold-chain breaks affect vaccine potency in "practice"?`;
  const responseA = options.responseA ?? `Answer A ${n}: potency drops [1], mostly after freezing [2].`;
  const responseB = options.responseB ?? `Answer B ${n}: see the report [3].`;
  const [modelRowA, modelRowB] = await Promise.all([
    db.model.findUniqueOrThrow({ where: { slug: modelA } }),
    db.model.findUniqueOrThrow({ where: { slug: modelB } }),
  ]);
  const paperRows = await db.paper.findMany({ where: { externalId: { in: papers.map((p) => p.externalId) } } });
  const paperId = (externalId: string) => paperRows.find((row) => row.externalId === externalId)!.id;

  const storedQuestion = await db.question.create({
    data: { userId: annotator.id, text: question, discipline, category, moderationStatus: moderation },
  });
  // The numbered list: [1] one passage, [2] two passages (ranks 2 and 4), [3] one passage.
  const items = [
    { rank: 1, refNumber: 1, paper: papers[0], text: `Passage ${n}.1 on attention « ünïcödé ».` },
    { rank: 2, refNumber: 2, paper: papers[1], text: `Passage ${n}.2a on freezing.` },
    { rank: 3, refNumber: 3, paper: papers[2], text: `Passage ${n}.3 from the report.` },
    { rank: 4, refNumber: 2, paper: papers[1], text: `Passage ${n}.2b on storage "temperature".` },
  ];
  const run = await db.retrievalRun.create({
    data: {
      questionId: storedQuestion.id,
      backend: "local",
      query: question,
      items: {
        create: items.map((item) => ({
          rank: item.rank,
          refNumber: item.refNumber,
          paperId: paperId(item.paper.externalId),
          score: 1 / item.rank,
          text: item.text,
        })),
      },
    },
  });
  const bank: StoredReference[] = [1, 2, 3].map((number) => {
    const passages = items.filter((item) => item.refNumber === number);
    return { number, paper: passages[0].paper, content: passages.map((item) => item.text).join("\n\n") };
  });
  const citationJson = (cited: number[]) =>
    cited.map((number) => ({ n: number, paperId: paperId(bank[number - 1].paper.externalId), externalId: bank[number - 1].paper.externalId, title: bank[number - 1].paper.title }));
  const battle = await db.battle.create({
    data: {
      questionId: storedQuestion.id,
      retrievalRunId: run.id,
      modelAId: modelRowA.id,
      modelBId: modelRowB.id,
      createdById: annotator.id,
      status: battleStatus,
      responses: {
        create: [
          { side: "A", modelId: modelRowA.id, status: "DONE", rawText: responseA, text: responseA, citations: citationJson(citedA) },
          { side: "B", modelId: modelRowB.id, status: battleStatus === "FAILED" ? "FAILED" : "DONE", rawText: responseB, text: responseB, citations: citationJson(citedB) },
        ],
      },
    },
  });
  const vote = await db.vote.create({
    data: { ...(options.id ? { id: options.id } : {}), battleId: battle.id, userId: annotator.id, choice, reason, counted, createdAt },
  });
  const citations = (cited: number[]): StoredCitation[] => cited.map((number) => ({ paper: bank[number - 1].paper, content: bank[number - 1].content }));
  return {
    voteId: vote.id,
    choice,
    reason,
    createdAt,
    question,
    discipline,
    category,
    responseA,
    responseB,
    modelA,
    modelB,
    citationsA: citations(citedA),
    citationsB: citations(citedB),
    paperBank: bank,
    annotatorUserId: annotator.id,
  };
}
