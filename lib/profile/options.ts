// The choices of the researcher profile (onboarding). Stored as these exact strings.

export const CAREER_STAGES = [
  "Undergraduate student",
  "Master's student",
  "PhD student",
  "Postdoctoral researcher",
  "Faculty or principal investigator",
  "Industry researcher",
  "Clinician",
  "Other",
] as const;

/** Peer-reviewed publications, in bands (an exact count is not needed and is more identifying). */
export const PUBLICATION_BANDS = ["0", "1-5", "6-20", "21-50", "51+"] as const;
