// The dataset library: pure mapping from stored votes to SciArena-Eval records, balanced sampling,
// writers (JSONL, Parquet, dataset card), readers (ours and the public files) and judge evaluation.

export * from "./balanced-sample";
export * from "./concise-authors";
export * from "./dataset-card";
export * from "./judge-metrics";
export * from "./judge-prompt";
export * from "./judge-reference";
export * from "./judge-verdict";
export * from "./jsonl";
export * from "./map-record";
export * from "./ordering";
export * from "./parquet-reader";
export * from "./parquet-writer";
export * from "./pseudonym";
export * from "./read-records";
export * from "./record";
export * from "./record-source";
export * from "./split-stats";
export * from "./stored-vote";
export * from "./vote-label";
export * from "./write-chunks";
export * from "./unit-boundaries";
