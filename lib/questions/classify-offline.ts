import { SUBFIELDS, type Discipline, type QuestionCategory } from "./disciplines";

// The offline question classifier: transparent keyword rules, no model, deterministic.
//
// Discipline and subfield: every subfield has a keyword list. A keyword ending in "*" matches any word that
// starts with it ("vaccin*" matches "vaccine", "vaccination"); a keyword of several words matches that
// phrase and counts twice. A subfield's score is the number of its keywords found; a discipline's score is
// the sum over its subfields. The highest discipline wins, then its highest subfield (ties: the order of
// the lists). No keyword at all: no discipline (the question is left unclassified rather than guessed).
//
// Category: the first rule, in this order, whose pattern matches wins: Paper Finding, Challenges &
// Limitations, State-of-the-Art Assessment, Methodology Inquiry, Conceptual Explanation; otherwise Others.
// The more specific intents come first: "What are the challenges of X?" is about challenges, not a
// definition. (Documented in docs/classification.md.)

export interface Classification {
  discipline: Discipline | null;
  subfield: string | null;
  category: QuestionCategory;
}

const KEYWORDS: Record<string, string[]> = {
  // Natural Science
  Physics: ["physic*", "quantum", "photon*", "electron*", "magnet*", "superconduct*", "thermodynamic*", "optic*", "laser*", "particle*", "relativity", "plasma*", "graphene", "spin", "phonon*", "condensed matter", "entanglement", "boson*", "fermion*", "semiconductor physics"],
  Chemistry: ["chemi*", "molecul*", "catalys*", "catalyt*", "reaction*", "synthes*", "polymer*", "organic", "inorganic", "spectroscop*", "compound*", "oxidation", "electrochem*", "solvent*", "ligand*", "crystal*"],
  Biology: ["biolog*", "gene", "genes", "genom*", "protein*", "cell", "cells", "cellular", "enzyme*", "evolution*", "species", "ecolog*", "microb*", "bacteri*", "dna", "rna", "organism*", "plant*", "mitochondri*", "photosynthes*", "biodiversity"],
  "Earth & Environmental Sciences": ["climate", "geolog*", "earthquake*", "ocean*", "atmospher*", "glacier*", "soil*", "sediment*", "hydrolog*", "precipitation", "volcan*", "carbon cycle", "ecosystem*", "pollution", "weather"],
  "Astronomy & Astrophysics": ["astronom*", "astrophys*", "galax*", "star", "stars", "stellar", "planet*", "exoplanet*", "cosmolog*", "black hole*", "dark matter", "dark energy", "supernova*", "telescope*", "gravitational wave*"],
  "Mathematics & Statistics": ["theorem*", "proof*", "algebra*", "topolog*", "geometr*", "equation*", "statistic*", "bayesian", "probabilit*", "stochastic", "regression", "calculus", "combinator*"],
  // Healthcare
  "Clinical Medicine": ["patient*", "clinical", "clinic*", "diagnos*", "treatment*", "therap*", "surg*", "laparoscop*", "disease*", "symptom*", "hospital*", "trial*", "medical", "medicine", "chronic", "syndrome*", "renal", "cardiac", "cardiovascular", "diabet*", "obes*", "pregnan*", "pediatric*"],
  Oncology: ["cancer*", "tumor*", "tumour*", "oncolog*", "carcinoma*", "chemotherap*", "metasta*", "malignan*", "lymphoma*", "leukemia*", "radiotherap*"],
  "Infectious Disease & Immunology": ["vaccin*", "infect*", "viral", "virus*", "immun*", "antibod*", "pathogen*", "antibiotic*", "antimicrobial", "covid*", "sars-cov-2", "influenza", "hiv", "malaria", "tuberculosis"],
  "Public Health & Epidemiology": ["epidemiolog*", "public health", "prevalence", "incidence", "mortality", "cohort*", "population health", "screening", "health policy", "outbreak*", "risk factor*"],
  Pharmacology: ["drug*", "pharmac*", "dose*", "dosing", "dosage*", "medication*", "adverse event*", "side effect*", "pharmacokinetic*", "potency", "inhibitor*"],
  "Neuroscience & Mental Health": ["neuro*", "brain*", "cognit*", "depress*", "anxiety", "psychiatr*", "dementia", "alzheimer*", "schizophreni*", "mental health", "stroke", "autism"],
  "Nursing & Health Services": ["nurs*", "caregiv*", "general practice", "primary care", "health care", "healthcare", "health service*", "telemedicine"],
  // Engineering
  "Computer Science & AI": ["algorithm*", "software", "comput*", "machine learning", "deep learning", "neural network*", "language model*", "llm*", "transformer*", "artificial intelligence", "ai", "dataset*", "benchmark*", "reinforcement learning", "computer vision", "nlp", "database*", "compiler*", "cryptograph*", "distributed system*", "retrieval", "robot*"],
  "Electrical & Electronic Engineering": ["circuit*", "transistor*", "voltage", "antenna*", "wireless", "signal processing", "power grid*", "semiconductor*", "microelectronic*", "5g", "6g", "radar*", "sensor*", "electrical"],
  "Mechanical & Aerospace Engineering": ["mechanical", "turbine*", "aerodynamic*", "aerospace", "aircraft", "engine*", "fluid dynamic*", "combustion", "vibration*", "propulsion", "vehicle*", "heat transfer"],
  "Civil & Environmental Engineering": ["civil engineering", "concrete", "bridge*", "structural", "construction", "infrastructure", "geotechnical", "wastewater", "water treatment", "transport*", "urban"],
  "Materials Science": ["material*", "alloy*", "nanomaterial*", "nanoparticle*", "composite*", "ceramic*", "thin film*", "perovskite*", "two-dimensional", "2d material*", "strain", "mechanical properties"],
  "Chemical & Energy Engineering": ["battery", "batteries", "lithium", "fuel cell*", "solar", "photovoltaic*", "hydrogen", "renewable*", "energy storage", "biofuel*", "carbon capture", "electrolys*", "reactor*"],
  // Humanities & Social Sciences
  "Economics & Business": ["econom*", "market*", "financ*", "inflation", "monetary", "fiscal", "gdp", "trade", "labor market", "labour market", "wage*", "firm*", "business*", "management", "investment*", "pricing"],
  Psychology: ["psycholog*", "behavio*", "personality", "emotion*", "motivation", "well-being", "wellbeing", "perception", "memory", "attitude*", "bias", "biases"],
  Sociology: ["sociolog*", "social", "inequalit*", "gender", "race", "ethnic*", "migration", "migrant*", "community", "communities", "family", "families", "poverty", "culture*", "cultural"],
  "Political Science & Law": ["politic*", "policy", "policies", "election*", "democra*", "government*", "legal", "law", "laws", "regulation*", "court*", "rights", "governance", "voting"],
  Education: ["educat*", "student*", "teacher*", "teaching", "learning outcome*", "school*", "classroom*", "curricul*", "pedagog*", "university", "universities"],
  "History & Philosophy": ["histor*", "philosoph*", "ethic*", "moral*", "epistemolog*", "religio*", "ancient", "medieval", "century", "colonial*"],
  Linguistics: ["linguist*", "language acquisition", "grammar*", "syntax", "semantic*", "phonolog*", "bilingual*", "dialect*", "translation"],
};

const SUBFIELD_DISCIPLINE = new Map<string, Discipline>(
  (Object.entries(SUBFIELDS) as [Discipline, readonly string[]][]).flatMap(([d, subs]) => subs.map((s) => [s, d] as const)),
);

function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? [];
}

function keywordHits(tokens: string[], joined: string, keyword: string): number {
  const prefix = keyword.endsWith("*");
  const word = prefix ? keyword.slice(0, -1) : keyword;
  if (word.includes(" ")) {
    // A phrase: whole words, the last one possibly a prefix.
    const pattern = new RegExp(`(?:^| )${word.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}${prefix ? "" : "(?= |$)"}`);
    return pattern.test(joined) ? 2 : 0;
  }
  return tokens.some((t) => (prefix ? t.startsWith(word) : t === word)) ? 1 : 0;
}

export function classifyDiscipline(question: string): { discipline: Discipline | null; subfield: string | null; scores: Record<string, number> } {
  const tokens = tokenize(question);
  const joined = tokens.join(" ");
  const subfieldScores = new Map<string, number>();
  for (const [subfield, keywords] of Object.entries(KEYWORDS)) {
    let score = 0;
    for (const keyword of keywords) score += keywordHits(tokens, joined, keyword);
    if (score > 0) subfieldScores.set(subfield, score);
  }
  const disciplineScores: Record<string, number> = {};
  for (const [subfield, score] of subfieldScores) {
    const discipline = SUBFIELD_DISCIPLINE.get(subfield)!;
    disciplineScores[discipline] = (disciplineScores[discipline] ?? 0) + score;
  }
  let best: Discipline | null = null;
  for (const discipline of Object.keys(SUBFIELDS) as Discipline[]) {
    const score = disciplineScores[discipline] ?? 0;
    if (score > 0 && (best === null || score > disciplineScores[best])) best = discipline;
  }
  if (!best) return { discipline: null, subfield: null, scores: disciplineScores };
  return { discipline: best, subfield: bestSubfield(best, subfieldScores), scores: disciplineScores };
}

function bestSubfield(discipline: Discipline, scores: Map<string, number>): string | null {
  let best: string | null = null;
  for (const subfield of SUBFIELDS[discipline]) {
    const score = scores.get(subfield) ?? 0;
    if (score > 0 && (best === null || score > (scores.get(best) ?? 0))) best = subfield;
  }
  return best;
}

/** The subfield for a discipline the researcher chose (null when no keyword of that discipline occurs). */
export function subfieldWithin(question: string, discipline: Discipline): string | null {
  const tokens = tokenize(question);
  const joined = tokens.join(" ");
  const scores = new Map<string, number>();
  for (const subfield of SUBFIELDS[discipline]) {
    let score = 0;
    for (const keyword of KEYWORDS[subfield] ?? []) score += keywordHits(tokens, joined, keyword);
    scores.set(subfield, score);
  }
  return bestSubfield(discipline, scores);
}

const CATEGORY_RULES: [QuestionCategory, RegExp][] = [
  [
    "Paper Finding",
    /\b(?:(?:find|recommend|suggest|list|show|give|cite|name|identify|locate|search)(?: me)?\b.{0,60}\b(?:papers?|articles?|studies|publications|references|literature|works|reviews|surveys?)\b|(?:which|what)\s+(?:papers?|articles?|studies|publications|works)\b|(?:key|seminal|foundational|influential|recent|important|relevant)\s+(?:papers?|articles?|publications|works|studies)\s+(?:on|about|in|that|for|related)\b|papers?\s+(?:on|about|that|which)\b)/,
  ],
  [
    "Challenges & Limitations",
    /\b(?:challenges?|limitations?|drawbacks?|shortcomings?|obstacles?|barriers?|bottlenecks?|weakness(?:es)?|pitfalls?|disadvantages?|open (?:problems?|questions?|issues?)|unsolved|unresolved|difficult(?:y|ies)|what (?:limits|prevents|hinders)|why (?:do|does|is|are)\b.{0,60}\b(?:fail|struggle|difficult|hard|limited))\b/,
  ],
  [
    "State-of-the-Art Assessment",
    /\b(?:state[- ]of[- ]the[- ]art|sota|latest|recent (?:advances?|progress|developments?|work|research|results?|trends?|breakthroughs?)|current (?:state|best|status|consensus|evidence|understanding|trends?)|currently (?:best|leading|used)|cutting[- ]edge|best[- ]performing|leading (?:methods?|approaches?|models?)|how far (?:has|have)|advances in|progress in|trends? in|emerging)\b/,
  ],
  [
    "Methodology Inquiry",
    /\b(?:how (?:can|could|should|do|does|to|would)\b.{0,30}\b(?:measure|design|estimate|detect|model|analy[sz]e|evaluate|assess|quantify|test|implement|build|train|collect|calibrate|simulate|synthesi[sz]e|fabricate|validate|compute|sample|control for|correct for)|methods? (?:for|to|of)|methodolog\w*|protocols?|techniques? (?:for|to)|approach(?:es)? (?:for|to)|best practices?|experimental (?:design|setup)|study design|which (?:method|test|statistical|model|technique|approach)|what (?:method|test|statistical|technique|approach))/,
  ],
  [
    "Conceptual Explanation",
    /\b(?:what (?:is|are|was|were|does|do)|explain|why (?:is|are|does|do|did)|how (?:does|do|did|is|are)\b|mechanisms?|definition|define|meaning of|difference between|differ from|concept of|role of|relationship between|relation between|effect of|effects of|impact of|cause[sd]? of|affect|influence)/,
  ],
];

export function classifyCategory(question: string): QuestionCategory {
  const text = question.toLowerCase().replace(/\s+/g, " ");
  for (const [category, pattern] of CATEGORY_RULES) if (pattern.test(text)) return category;
  return "Others";
}

export function classifyOffline(question: string, chosenDiscipline: Discipline | null = null): Classification {
  const category = classifyCategory(question);
  if (chosenDiscipline) return { discipline: chosenDiscipline, subfield: subfieldWithin(question, chosenDiscipline), category };
  const { discipline, subfield } = classifyDiscipline(question);
  return { discipline, subfield, category };
}

