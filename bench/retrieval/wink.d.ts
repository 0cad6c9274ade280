// The parts of wink-bm25-text-search and wink-nlp-utils the retrieval benchmark uses (no types shipped).
declare module "wink-bm25-text-search" {
  interface Engine {
    defineConfig(config: { fldWeights: Record<string, number>; bm25Params?: { k1?: number; b?: number; k?: number } }): boolean;
    definePrepTasks(tasks: ((input: unknown) => unknown)[], field?: string): number;
    addDoc(doc: Record<string, string>, uniqueId: string | number): number;
    consolidate(fp?: number): boolean;
    search(text: string, limit?: number): [string, number][];
  }
  function bm25(): Engine;
  export default bm25;
}
declare module "wink-nlp-utils" {
  const utils: {
    string: { lowerCase(s: unknown): unknown; tokenize0(s: unknown): unknown };
    tokens: { removeWords(t: unknown): unknown; stem(t: unknown): unknown; propagateNegations(t: unknown): unknown };
  };
  export default utils;
}
