// SciArena's four disciplines; a question may also be left for automatic classification.
export const DISCIPLINES = ["Natural Science", "Healthcare", "Engineering", "Humanities & Social Science"] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const QUESTION_MIN_LENGTH = 10;
export const QUESTION_MAX_LENGTH = 2000;
