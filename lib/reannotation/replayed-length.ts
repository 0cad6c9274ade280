// A re-annotation copy is answered from saved text, which would otherwise arrive all at once and give it away.
// Its stream reveals the text at the pace the original answer was generated: nothing before the original's
// time to first token, then evenly until its total time, cut at word boundaries. Pure.

export interface AnswerTiming {
  firstTokenMs: number | null;
  totalMs: number | null;
}

/** How many characters of `text` are shown `elapsedMs` after the copy was created. */
export function replayedLength(text: string, elapsedMs: number, timing: AnswerTiming): number {
  const first = Math.max(0, timing.firstTokenMs ?? 0);
  const total = Math.max(first, timing.totalMs ?? first);
  if (elapsedMs >= total) return text.length;
  if (elapsedMs < first) return 0;
  const cut = Math.floor((text.length * (elapsedMs - first)) / (total - first));
  const boundary = text.lastIndexOf(" ", cut);
  return boundary <= 0 ? 0 : boundary;
}
