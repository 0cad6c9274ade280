import type { ScoredPassage } from "../build-references";
import { orderByScore, reciprocalRankFusion } from "../fuse";
import { lexicalScores } from "./lexical";

/** The lexical reranking stage: BM25 over the candidates, fused with the first-stage order. */
export function fuseWithLexical(keywords: string[], ranked: ScoredPassage[], titleOf: (p: ScoredPassage) => string): ScoredPassage[] {
  const lexical = lexicalScores(keywords, ranked.map((p) => ({ title: titleOf(p), text: p.text })));
  const fused = reciprocalRankFusion(ranked.length, [ranked.map((_, i) => i), orderByScore(lexical)]);
  return orderByScore(fused).map((i) => ({ ...ranked[i], score: fused[i] }));
}
