// SciArena's four disciplines (with the subfields our classifiers use) and its six question categories.
// A researcher may pick the discipline; otherwise it is classified automatically (lib/questions/classify.ts).

export const DISCIPLINES = ["Natural Science", "Healthcare", "Engineering", "Humanities & Social Sciences"] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const SUBFIELDS: Record<Discipline, readonly string[]> = {
  "Natural Science": [
    "Physics",
    "Chemistry",
    "Biology",
    "Earth & Environmental Sciences",
    "Astronomy & Astrophysics",
    "Mathematics & Statistics",
  ],
  Healthcare: [
    "Clinical Medicine",
    "Oncology",
    "Infectious Disease & Immunology",
    "Public Health & Epidemiology",
    "Pharmacology",
    "Neuroscience & Mental Health",
    "Nursing & Health Services",
  ],
  Engineering: [
    "Computer Science & AI",
    "Electrical & Electronic Engineering",
    "Mechanical & Aerospace Engineering",
    "Civil & Environmental Engineering",
    "Materials Science",
    "Chemical & Energy Engineering",
  ],
  "Humanities & Social Sciences": [
    "Economics & Business",
    "Psychology",
    "Sociology",
    "Political Science & Law",
    "Education",
    "History & Philosophy",
    "Linguistics",
  ],
};

export const QUESTION_CATEGORIES = [
  "Conceptual Explanation",
  "State-of-the-Art Assessment",
  "Challenges & Limitations",
  "Methodology Inquiry",
  "Paper Finding",
  "Others",
] as const;
export type QuestionCategory = (typeof QUESTION_CATEGORIES)[number];

export function isSubfieldOf(discipline: Discipline, subfield: string): boolean {
  return SUBFIELDS[discipline].includes(subfield);
}

export const QUESTION_MIN_LENGTH = 10;
export const QUESTION_MAX_LENGTH = 2000;
