// Makes every answer look alike, so that style does not reveal the model (SciArena's answer protocol).
// Rule-based and deterministic, and streaming: the normalizer reads the raw answer one character at a time,
// so what it has emitted after any prefix of the raw text is exactly a prefix of the final normalized
// text, however the provider chunked its stream. The browser only ever sees normalized text.
//
// The rules (docs/answer-protocol.md has examples):
//  1. Reasoning: <think>, <thinking>, <reasoning> and <thought> blocks are removed with their content
//     (an unterminated block removes everything after it); stray closing tags are removed.
//  2. Blocks: headings and whole-line bold "pseudo-headings" become paragraphs of their own; list items
//     (-, *, +, •, 1., 1), (1)) become sentences (capitalized, ending in a period) joined into one paragraph;
//     quotes lose their ">"; table rows become sentences of cells joined by "; " (the separator row is
//     dropped); code fences, horizontal rules, footnote definitions and setext underlines are dropped;
//     single line breaks inside a paragraph become spaces, blank lines separate paragraphs. A line that is
//     only "References", "Sources", "Bibliography", "Citations" or "Works cited" (as a heading or not)
//     starts a bibliography: it and everything after it is dropped.
//  3. Inline: bold/italic/strikethrough markers, backticks and known HTML tags are removed; links and
//     autolinks become their text; images are dropped; backslash escapes are resolved.
//  4. Citations: [1], [1, 2], [1-3], [1–3], [1 and 2], [Ref 1], [Refs. 1, 2], [^1], [1†source], 【1】,
//     【1†source】, ^1, ^1,2, ^[1], <sup>1</sup> and (1) / (1, 2) / (Ref. 1) become [n][m]. A number outside
//     the reference list is dropped and counted. Two rules keep ordinary text intact: "(n)" is a citation
//     only when every number is in the list and it does not start an enumeration (at a line start or after
//     ":", ";" or ","), so "(2020)" and "steps: (1) ..." stay as written; "^n" is a citation only after
//     punctuation or a word of three or more letters, so "10^6" and "mc^2" stay as written.
//  5. Spacing: one space before a citation, none before . , ; : ! ?; a citation placed after punctuation
//     moves before it ("claim.[1]" → "claim [1].", "claim, [2] and" → "claim [2], and"), except after a
//     sentence end followed by a lower-case word, where the citation opens the next sentence;
//     repeated citations side by side merge ("[1] [1][2]" → "[1][2]"); no leading or trailing whitespace.

const OPEN_TAGS = ["<think>", "<thinking>", "<reasoning>", "<thought>"];
const CLOSE_TAGS = OPEN_TAGS.map((t) => t.replace("<", "</"));
const ALL_TAGS = [...OPEN_TAGS, ...CLOSE_TAGS];

const BIBLIOGRAPHY = /^(?:references?|sources?|bibliography|citations?|works cited|cited works|reference list|further reading)\s*:?$/i;
const BIBLIOGRAPHY_WORDS = ["references", "reference list", "sources", "bibliography", "citations", "works cited", "cited works", "further reading"];
const CITATION_GROUP =
  /^\s*(?:\^|(?:refs?|references?|sources?|citations?|cit|see)\.?\s*[:#]?\s*)?(\d+(?:\s*(?:[,;]|–|—|-|\band\b|&)\s*\d+)*)\s*$/i;
const PAREN_WORDS = ["ref", "refs", "reference", "references", "see", "cf"];
const STRIPPED_TAGS = new Set(["b", "i", "em", "strong", "u", "s", "span", "mark", "small", "p", "div", "cite", "sub", "code", "a", "font"]);

type LineKind = "plain" | "heading" | "item";
/** What follows held-back punctuation and citations: a content character, "punct", or "eol" (line end). */
type Next = string;

type Decision =
  | { type: "more" }
  | { type: "hold" }
  | { type: "skip" }
  | { type: "fence" }
  | { type: "bibliography" }
  | { type: "line"; kind: LineKind; content: string };

type Capture =
  | { kind: "bracket"; buf: string; image: boolean }
  | { kind: "afterBracket"; text: string; cites: number[] | null; dropped: number; image: boolean }
  | { kind: "linkUrl"; text: string; cites: number[] | null; dropped: number; url: string; depth: number; image: boolean }
  | { kind: "lenticular"; buf: string }
  | { kind: "paren"; buf: string }
  | { kind: "caret"; buf: string }
  | { kind: "tag"; buf: string }
  | { kind: "sup"; buf: string }
  | { kind: "underscore"; run: string; leftAlnum: boolean }
  | { kind: "tilde"; run: string }
  | { kind: "bang" }
  | { kind: "escape" };

const isAlnum = (c: string) => /[\p{L}\p{N}]/u.test(c);
const isLower = (c: string) => /\p{Ll}/u.test(c);
const isPunct = (c: string) => ".,;:!?".includes(c);
const isSpace = (c: string) => c === " " || c === "\t" || c === "\u00a0";

function expandNumbers(group: string): number[] {
  const numbers: number[] = [];
  for (const part of group.split(/[,;&]|\band\b/)) {
    const range = part.match(/^\s*(\d+)\s*[–—-]\s*(\d+)\s*$/);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to >= from && to - from <= 50) for (let n = from; n <= to; n++) numbers.push(n);
      else numbers.push(from, to);
    } else if (part.trim()) {
      numbers.push(Number(part.trim()));
    }
  }
  return numbers;
}

function looksLikeUrl(url: string): boolean {
  return /^\s*<?[^\s<>]+>?(?:\s+"[^"]*")?\s*$/.test(url);
}

/** Markdown and citation normalization of reasoning-free text, one character at a time. */
class MarkdownStage {
  out = "";
  readonly cited: number[] = [];
  private readonly citedSet = new Set<number>();
  dropped = 0;

  private mode: "lineStart" | "held" | "skipLine" | "content" | "dropRest" = "lineStart";
  private lineBuf = "";
  private inFence = false;
  private prevKind: LineKind | null = null;
  private blankSince = false;

  // The current line.
  private kind: LineKind = "plain";
  private separator = "";
  private lineOutput = false;
  private capitalize = false;
  private heldMarker = "";

  // Held-back inline state.
  private capture: Capture | null = null;
  private punct = "";
  private space1 = false;
  private cites: number[] = [];
  private space2 = false;

  private lastChar = "";
  private wordRun = 0;

  constructor(private readonly referenceCount: number) {}

  feed(c: string): void {
    if (c === "\r") return;
    switch (this.mode) {
      case "dropRest":
        return;
      case "skipLine":
        if (c === "\n") this.mode = "lineStart";
        return;
      case "held":
        if (c === "\n") {
          this.completeLine(this.lineBuf);
          this.lineBuf = "";
          if (this.mode === "held") this.mode = "lineStart";
        } else {
          this.lineBuf += c;
        }
        return;
      case "content":
        if (c === "\n") {
          this.endLine();
          this.mode = "lineStart";
        } else {
          this.inline(c);
        }
        return;
      case "lineStart": {
        if (c === "\n") {
          this.completeLine(this.lineBuf);
          this.lineBuf = "";
          return;
        }
        this.lineBuf += c;
        const decision = this.classify(this.lineBuf, false);
        if (decision.type === "more") return;
        if (decision.type === "hold") {
          this.mode = "held";
          return;
        }
        if (decision.type === "skip" || decision.type === "fence" || decision.type === "bibliography") {
          if (decision.type === "fence") this.inFence = !this.inFence;
          this.lineBuf = "";
          this.mode = "skipLine";
          return;
        }
        this.lineBuf = "";
        this.mode = "content";
        this.startLine(decision.kind);
        for (const ch of decision.content) this.inline(ch);
        return;
      }
    }
  }

  end(): void {
    if (this.mode === "lineStart" || this.mode === "held") {
      if (this.lineBuf) this.completeLine(this.lineBuf);
      this.lineBuf = "";
    } else if (this.mode === "content") {
      this.endLine();
    }
    this.mode = "dropRest";
  }

  // ------------------------------------------------------------------ lines

  /** Decides what a line is from its beginning (`complete`: the whole line is known). */
  private classify(line: string, complete: boolean): Decision {
    const decision = this.classifyMarkers(line, complete);
    // Emphasis markers before a block marker ("*- item", "`# x"): the block marker decides.
    if (decision.type === "line" && decision.kind === "plain" && !this.inFence) {
      const lead = decision.content.match(/^[*_`~]+(?=[-+•#>|\d(])/);
      if (lead) {
        const inner = this.classifyMarkers(decision.content.slice(lead[0].length), complete);
        if (inner.type !== "line" || inner.kind !== "plain") return inner;
      }
    }
    return decision;
  }

  private classifyMarkers(line: string, complete: boolean): Decision {
    let s = line.replace(/^[ \t]+/, "");
    while (s.startsWith(">")) s = s.slice(1).replace(/^[ \t]+/, "");
    const more: Decision = { type: "more" };
    if (!s) return complete ? { type: "skip" } : more;

    if (this.inFence) {
      if (/^(```|~~~)/.test(s)) return { type: "fence" };
      if (!complete && /^(`{1,2}|~{1,2})$/.test(s)) return more;
      return { type: "line", kind: "plain", content: s };
    }

    // A bibliography heading ("References", "## Sources:", "**Bibliography**"): wait until it is clear.
    if (/^[#*_ \t]*[\p{L} ]*[*_ \t:#]*$/u.test(s)) {
      const bare = s.replace(/^[#*_ \t]+/, "").replace(/[*_ \t:#]+$/, "");
      if (complete && BIBLIOGRAPHY.test(bare)) return { type: "bibliography" };
      if (!complete && BIBLIOGRAPHY_WORDS.some((w) => w.startsWith(bare.toLowerCase()))) return more;
    }

    const first = s[0];
    if (first === "#") {
      const m = s.match(/^#{1,6}(?=[ \t]|$)/);
      if (m) return complete ? this.heading(s.slice(m[0].length)) : { type: "hold" };
      if (!complete && /^#{1,6}$/.test(s)) return more;
      return { type: "line", kind: "plain", content: s };
    }
    if (first === "`" || first === "~") {
      if (/^(```|~~~)/.test(s)) return { type: "fence" };
      if (!complete && /^(`{1,2}|~{1,2})$/.test(s)) return more;
      return { type: "line", kind: "plain", content: s };
    }
    if (first === "|") return complete ? this.tableRow(s) : { type: "hold" };
    if (/^[-*_]/.test(s) && /^([-*_])(?:[ \t]*\1)*[ \t]*$/.test(s)) {
      // "-", "**", "* * *", "---": a rule, a list marker or bold; wait for more.
      if (!complete) return more;
      return /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(s) ? { type: "skip" } : { type: "line", kind: "plain", content: s };
    }
    if ("-*+•".includes(first) && /^.[ \t]/.test(s)) {
      const rest = s.slice(1).replace(/^[ \t]+/, "");
      if (!rest || /^[-*_ \t]+$/.test(rest)) {
        if (!complete) return more;
        if (!rest) return { type: "skip" };
        if (/^[-*_](?:[ \t]*[-*_]){1,}[ \t]*$/.test(rest) && first !== "+" && first !== "•") return { type: "skip" };
      }
      return { type: "line", kind: "item", content: rest };
    }
    if ((first === "*" && s[1] === "*") || (first === "_" && s[1] === "_")) {
      return complete ? this.boldLine(s) : { type: "hold" };
    }
    if (/^\d/.test(s)) {
      if (!complete && /^\d{1,3}[.)]?[ \t]*$/.test(s)) return more;
      const m = s.match(/^\d{1,3}[.)][ \t]+(?=\S)/);
      if (m) return { type: "line", kind: "item", content: s.slice(m[0].length) };
      return { type: "line", kind: "plain", content: s };
    }
    if (first === "(") {
      if (!complete && /^\(\d{0,3}\)?[ \t]*$/.test(s)) return more;
      const m = s.match(/^\(\d{1,3}\)[ \t]+(?=\S)/);
      if (m) return { type: "line", kind: "item", content: s.slice(m[0].length) };
      return { type: "line", kind: "plain", content: s };
    }
    if (first === "=") {
      if (/^=+[ \t]*$/.test(s)) return complete ? { type: "skip" } : more;
      return { type: "line", kind: "plain", content: s };
    }
    if (first === "[" && (s.length === 1 || s[1] === "^")) {
      if (/^\[\^[^\]]*\]:/.test(s)) return { type: "skip" };
      if (!complete && /^\[(\^[^\]\s]*(\])?)?$/.test(s)) return more;
      return { type: "line", kind: "plain", content: s };
    }
    return { type: "line", kind: "plain", content: s };
  }

  private heading(text: string): Decision {
    const content = text.replace(/[ \t]+#+[ \t]*$/, "").replace(/^#+$/, "").trim();
    if (!content) return { type: "skip" };
    return { type: "line", kind: "heading", content };
  }

  private boldLine(s: string): Decision {
    const m = s.match(/^(\*\*|__)(.+?)\1[ \t]*:?[ \t]*$/);
    if (m && !m[2].includes(m[1])) return { type: "line", kind: "heading", content: m[2].trim() };
    return { type: "line", kind: "plain", content: s };
  }

  private tableRow(s: string): Decision {
    if (/^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/.test(s)) return { type: "skip" };
    const cells = s
      .replace(/^\|/, "")
      .replace(/\|[ \t]*$/, "")
      .split("|")
      .map((c) => c.trim())
      .filter(Boolean);
    if (cells.length === 0) return { type: "skip" };
    return { type: "line", kind: "item", content: cells.join("; ") };
  }

  private completeLine(line: string): void {
    const decision = this.classify(line, true);
    if (decision.type === "bibliography" || this.isBibliographyLine(decision)) {
      this.mode = "dropRest";
      return;
    }
    if (decision.type === "fence") {
      this.inFence = !this.inFence;
      return;
    }
    if (decision.type !== "line") {
      // Blank lines and rules separate paragraphs; skipped lines leave no trace.
      if (!line.trim() || /^[ \t]*([-*_=])(?:[ \t]*\1){2,}[ \t]*$/.test(line)) {
        if (this.prevKind !== null) this.blankSince = true;
      }
      return;
    }
    this.startLine(decision.kind);
    for (const ch of decision.content) this.inline(ch);
    this.endLine();
  }

  private isBibliographyLine(decision: Decision): boolean {
    return decision.type === "line" && decision.kind === "heading" && BIBLIOGRAPHY.test(decision.content.replace(/[*_]/g, "").trim());
  }

  private startLine(kind: LineKind): void {
    this.kind = kind;
    this.lineOutput = false;
    this.capitalize = kind === "item";
    if (this.prevKind === null) this.separator = "";
    else if (this.prevKind === "heading" || kind === "heading") this.separator = "\n\n";
    else if (this.blankSince) this.separator = this.prevKind === "item" && kind === "item" ? " " : "\n\n";
    else this.separator = " ";
  }

  private endLine(): void {
    this.resolveCaptures();
    this.heldMarker = "";
    if (this.kind === "item" && (this.lineOutput || this.cites.length > 0)) {
      if (/[.!?]$/.test(this.punct)) {
        // already a sentence
      } else if (this.punct) {
        this.punct = this.punct.replace(/[,;:]+$/, "") + ".";
        if (this.punct === "..") this.punct = ".";
      } else if (this.cites.length > 0 || !/[.!?]["'’”)]*$/.test(this.out)) {
        this.punct = ".";
      }
    }
    this.flushTail("eol");
    if (this.lineOutput) {
      this.prevKind = this.kind;
      this.blankSince = false;
    }
    this.capture = null;
  }

  // ------------------------------------------------------------------ output

  private write(text: string): void {
    if (!text) return;
    if (!this.lineOutput) {
      this.out += this.separator;
      this.lineOutput = true;
    }
    this.out += text;
    const last = text[text.length - 1];
    this.lastChar = last;
    if (/\p{L}/u.test(last)) {
      let run = 0;
      for (let i = text.length - 1; i >= 0 && /\p{L}/u.test(text[i]); i--) run++;
      this.wordRun = run === text.length ? this.wordRun + run : run;
    } else {
      this.wordRun = 0;
    }
  }

  private content(c: string): void {
    if (this.heldMarker && c === "#" && /^#{1,5}$/.test(this.heldMarker)) {
      this.heldMarker += c;
      return;
    }
    if (this.heldMarker) {
      const marker = this.heldMarker;
      this.heldMarker = "";
      this.flushTail(marker);
      this.write(marker);
    } else if (!this.lineOutput && this.separator !== " " && "#>+-".includes(c) && !this.punct && this.cites.length === 0) {
      // A block marker at the start of a paragraph (left after a dropped citation or a stripped marker)
      // would render as markup: keep it only when a non-space follows.
      this.heldMarker = c;
      return;
    }
    this.flushTail(c);
    if (this.capitalize) {
      this.capitalize = false;
      if (isLower(c)) c = c.toUpperCase();
    }
    this.write(c);
  }

  private atParagraphStart(): boolean {
    return !this.lineOutput || this.lastChar === "" || /\s/.test(this.lastChar);
  }

  private flushTail(next: Next): void {
    const { punct, space1, cites, space2 } = this;
    this.punct = "";
    this.space1 = false;
    this.cites = [];
    this.space2 = false;
    const eol = next === "eol";
    const contentNext = !eol && next !== "punct";
    if (cites.length === 0) {
      if (punct) this.write(punct);
      if ((space1 || space2) && contentNext && !this.atParagraphStart()) this.write(" ");
      return;
    }
    const citeText = cites.map((n) => `[${n}]`).join("");
    const before = () => (this.atParagraphStart() || /[(\[/–#-]/.test(this.lastChar) ? "" : " ");
    const move = punct !== "" && (!space1 || eol || !/[.!?]$/.test(punct) || (contentNext && !isLower(next)));
    if (move) {
      this.write(before() + citeText + punct);
    } else {
      if (punct) this.write(punct);
      this.write(before() + citeText);
    }
    this.capitalize = false;
    if (contentNext && (isAlnum(next) || (space2 && !/[)\]}"'’”]/.test(next)) || (move && space2))) this.write(" ");
  }

  private addSpace(): void {
    if (this.heldMarker) {
      this.heldMarker = "";
      return;
    }
    if (this.cites.length) this.space2 = true;
    else this.space1 = true;
  }

  private addPunct(p: string): void {
    if (this.heldMarker) {
      const marker = this.heldMarker;
      this.heldMarker = "";
      this.write(marker);
    }
    if (this.cites.length) this.flushTail("punct");
    else if (this.space1) {
      if (this.punct) this.flushTail("punct");
      else this.space1 = false;
    }
    this.punct += p;
  }

  private addCitations(numbers: number[], strict: boolean): void {
    const valid: number[] = [];
    for (const n of numbers) {
      if (Number.isInteger(n) && n >= 1 && n <= this.referenceCount) valid.push(n);
      else if (strict) this.dropped++;
    }
    if (valid.length === 0) return;
    if (this.heldMarker) {
      const marker = this.heldMarker;
      this.heldMarker = "";
      this.write(marker);
    }
    if (this.space2) this.space2 = false;
    for (const n of valid) {
      if (!this.cites.includes(n)) this.cites.push(n);
      if (!this.citedSet.has(n)) {
        this.citedSet.add(n);
        this.cited.push(n);
      }
    }
  }

  // ------------------------------------------------------------------ inline

  private inline(c: string): void {
    if (this.capture) {
      this.captureChar(c);
      return;
    }
    this.plain(c);
  }

  /** A character outside any capture. */
  private plain(c: string): void {
    switch (c) {
      case "\\":
        this.capture = { kind: "escape" };
        return;
      case "*":
      case "`":
        return;
      case "_":
        this.capture = { kind: "underscore", run: "_", leftAlnum: this.cites.length === 0 && !this.punct && !this.space1 && isAlnum(this.lastChar) };
        return;
      case "~":
        this.capture = { kind: "tilde", run: "~" };
        return;
      case "[":
        this.capture = { kind: "bracket", buf: "", image: false };
        return;
      case "【":
        this.capture = { kind: "lenticular", buf: "" };
        return;
      case "(": {
        const lastSignificant = this.punct ? this.punct[this.punct.length - 1] : this.lastChar;
        const enumeration = !this.lineOutput || /[:;,]/.test(lastSignificant) || (this.lastChar === "" && !this.punct);
        if (enumeration) this.content(c);
        else this.capture = { kind: "paren", buf: "" };
        return;
      }
      case "^": {
        const afterPunct = this.cites.length > 0 || this.punct !== "" || /[)\]"'’”]/.test(this.lastChar);
        const afterWord = !this.space1 && this.wordRun >= 3;
        if ((afterPunct || afterWord) && !(this.space1 && !this.punct)) this.capture = { kind: "caret", buf: "" };
        else this.content(c);
        return;
      }
      case "<":
        this.capture = { kind: "tag", buf: "<" };
        return;
      case "!":
        this.capture = { kind: "bang" };
        return;
    }
    if (isSpace(c)) this.addSpace();
    else if (isPunct(c)) this.addPunct(c);
    else this.content(c);
  }

  /** A character meant literally; inside a capture it is read like any other. */
  private literal(c: string): void {
    if (this.capture) this.inline(c);
    else this.content(c);
  }

  private refeed(text: string): void {
    for (const ch of text) this.inline(ch);
  }

  private captureChar(c: string): void {
    const cap = this.capture!;
    switch (cap.kind) {
      case "escape":
        this.capture = null;
        if (/[!-/:-@[-`{-~]/.test(c)) this.content(c);
        else {
          this.content("\\");
          this.inline(c);
        }
        return;
      case "underscore":
        if (c === "_") {
          cap.run += c;
          return;
        }
        this.capture = null;
        if (cap.leftAlnum && isAlnum(c)) for (const u of cap.run) this.content(u);
        this.inline(c);
        return;
      case "tilde":
        if (c === "~") {
          cap.run += c;
          return;
        }
        this.capture = null;
        if (cap.run.length === 1) this.content("~");
        this.inline(c);
        return;
      case "bang":
        this.capture = null;
        if (c === "[") this.capture = { kind: "bracket", buf: "", image: true };
        else {
          this.addPunct("!");
          this.inline(c);
        }
        return;
      case "bracket":
        if (c === "]") {
          this.closeBracket(cap);
          return;
        }
        cap.buf += c;
        if (cap.buf.length > 300) this.failBracket(cap);
        return;
      case "afterBracket":
        if (c === "(") {
          this.capture = { kind: "linkUrl", text: cap.text, cites: cap.cites, dropped: cap.dropped, url: "", depth: 0, image: cap.image };
          return;
        }
        this.capture = null;
        this.finishBracket(cap);
        this.inline(c);
        return;
      case "linkUrl":
        if (c === ")" && cap.depth === 0) {
          this.capture = null;
          if (looksLikeUrl(cap.url)) {
            if (cap.cites) this.finishBracket(cap);
            else if (!cap.image) this.refeed(cap.text);
          } else {
            this.finishBracket(cap);
            this.literal("(");
            this.refeed(cap.url + ")");
          }
          return;
        }
        if (c === "(") cap.depth++;
        if (c === ")") cap.depth--;
        cap.url += c;
        if (cap.url.length > 2000) {
          this.capture = null;
          this.finishBracket(cap);
          this.literal("(");
          this.refeed(cap.url);
        }
        return;
      case "lenticular": {
        if (c === "】") {
          this.capture = null;
          const m = cap.buf.match(/^\s*(\d+)/);
          if (m) this.addCitations([Number(m[1])], true);
          else {
            this.content("【");
            this.refeed(cap.buf + "】");
          }
          return;
        }
        cap.buf += c;
        if (cap.buf.length > 100) {
          this.capture = null;
          this.content("【");
          this.refeed(cap.buf);
        }
        return;
      }
      case "paren": {
        if (c === ")") {
          this.capture = null;
          const m = cap.buf.match(/^\s*(?:(refs?|references?|see|cf)\.?\s*)?\[?(\d+(?:\s*(?:[,;]|–|-|\band\b|&)\s*\d+)*)\]?\s*$/i);
          if (m) {
            const numbers = expandNumbers(m[2]);
            const explicit = m[1] !== undefined && /^ref/i.test(m[1]);
            if (explicit || numbers.every((n) => n >= 1 && n <= this.referenceCount)) {
              this.addCitations(numbers, true);
              return;
            }
          }
          this.content("(");
          this.refeed(cap.buf + ")");
          return;
        }
        cap.buf += c;
        if (!this.couldBeParenCitation(cap.buf)) {
          this.capture = null;
          this.content("(");
          this.refeed(cap.buf);
        }
        return;
      }
      case "caret": {
        if (cap.buf === "" && c === "[") {
          this.capture = { kind: "bracket", buf: "", image: false };
          return;
        }
        if (/\d/.test(c) || (cap.buf !== "" && /[,\-–]/.test(c) && /\d$/.test(cap.buf))) {
          cap.buf += c;
          return;
        }
        this.capture = null;
        this.finishCaret(cap.buf);
        this.inline(c);
        return;
      }
      case "tag": {
        cap.buf += c;
        if (cap.buf.length === 2 && !/[a-zA-Z/]/.test(c)) {
          this.capture = null;
          this.content("<");
          this.refeed(cap.buf.slice(1));
          return;
        }
        if (c === ">") {
          this.capture = null;
          this.closeTag(cap.buf);
          return;
        }
        if (cap.buf.length > 60) {
          this.capture = null;
          this.content("<");
          this.refeed(cap.buf.slice(1));
        }
        return;
      }
      case "sup": {
        cap.buf += c;
        if (cap.buf.toLowerCase().endsWith("</sup>")) {
          this.capture = null;
          const inner = cap.buf.slice(0, -6).replace(/[[\]]/g, "");
          const m = inner.match(CITATION_GROUP);
          if (m) this.addCitations(expandNumbers(m[1]), true);
          else this.refeed(inner);
          return;
        }
        if (cap.buf.length > 60) {
          this.capture = null;
          this.refeed(cap.buf);
        }
        return;
      }
    }
  }

  private couldBeParenCitation(buf: string): boolean {
    if (buf.length > 40) return false;
    const m = buf.match(/^\s*([a-z]*)/i)!;
    const word = m[1].toLowerCase();
    let rest = buf.slice(m[0].length);
    if (word) {
      if (!PAREN_WORDS.some((w) => w.startsWith(word))) return false;
      if (rest === "") return true;
      if (!PAREN_WORDS.includes(word)) return false;
    }
    rest = rest.replace(/\band\b/gi, ",").replace(/(?:^|\s)(?:an?|and)$/i, "");
    return /^\.?[\d\s,;\-–&[\]]*$/.test(rest);
  }

  private closeBracket(cap: Extract<Capture, { kind: "bracket" }>): void {
    const buf = cap.buf;
    const cite = buf.match(CITATION_GROUP) ?? buf.match(/^\s*(\d+)(?::\d+)?†[^\]]*$/);
    if (cite && !cap.image) {
      const numbers = expandNumbers(cite[1]);
      const valid = numbers.filter((n) => n >= 1 && n <= this.referenceCount);
      this.capture = { kind: "afterBracket", text: buf, cites: valid, dropped: numbers.length - valid.length, image: false };
      return;
    }
    this.capture = { kind: "afterBracket", text: buf, cites: null, dropped: 0, image: cap.image };
  }

  /** The bracket was not followed by a link target. */
  private finishBracket(cap: { text: string; cites: number[] | null; dropped: number; image: boolean }): void {
    if (cap.cites) {
      this.dropped += cap.dropped;
      this.addCitations(cap.cites, true);
      return;
    }
    if (cap.image) this.addPunct("!");
    this.content("[");
    this.refeed(cap.text + "]");
  }

  private failBracket(cap: Extract<Capture, { kind: "bracket" }>): void {
    this.capture = null;
    if (cap.image) this.addPunct("!");
    this.content("[");
    this.refeed(cap.buf);
  }

  private finishCaret(buf: string): void {
    const digits = buf.replace(/[,\-–]+$/, "");
    const trailing = buf.slice(digits.length);
    if (digits) this.addCitations(expandNumbers(digits), true);
    else this.content("^");
    this.refeed(trailing);
  }

  private closeTag(tag: string): void {
    const lower = tag.toLowerCase();
    if (/^<https?:\/\/[^\s>]+>$/.test(lower)) {
      this.refeed(tag.slice(1, -1));
      return;
    }
    const m = lower.match(/^<(\/?)([a-z][a-z0-9]*)\b[^>]*?\/?>$/);
    if (m) {
      const [, closing, name] = m;
      if (name === "sup") {
        if (!closing) this.capture = { kind: "sup", buf: "" };
        return;
      }
      if (name === "br") {
        this.addSpace();
        return;
      }
      if (STRIPPED_TAGS.has(name)) return;
    }
    this.content("<");
    this.refeed(tag.slice(1));
  }

  /** Ends every open capture at a line end: each decides with what it has. */
  private resolveCaptures(): void {
    for (let guard = 0; this.capture && guard < 10_000; guard++) {
      const cap = this.capture;
      this.capture = null;
      switch (cap.kind) {
        case "escape":
          this.content("\\");
          break;
        case "underscore":
          break;
        case "tilde":
          if (cap.run.length === 1) this.content("~");
          break;
        case "bang":
          this.addPunct("!");
          break;
        case "bracket":
          this.failBracket(cap);
          break;
        case "afterBracket":
          this.finishBracket(cap);
          break;
        case "linkUrl":
          this.finishBracket(cap);
          this.literal("(");
          this.refeed(cap.url);
          break;
        case "lenticular":
          this.content("【");
          this.refeed(cap.buf);
          break;
        case "paren":
          this.content("(");
          this.refeed(cap.buf);
          break;
        case "caret":
          this.finishCaret(cap.buf);
          break;
        case "tag":
          this.content("<");
          this.refeed(cap.buf.slice(1));
          break;
        case "sup":
          this.refeed(cap.buf);
          break;
      }
    }
  }
}

/** Removes reasoning blocks, one character at a time. */
class ReasoningStage {
  private inside = false;
  private buf = "";

  constructor(private readonly next: (c: string) => void) {}

  feed(c: string): void {
    if (this.buf || c === "<") {
      this.buf += c;
      const lower = this.buf.toLowerCase();
      if (ALL_TAGS.includes(lower)) {
        this.inside = OPEN_TAGS.includes(lower) ? true : false;
        this.buf = "";
        return;
      }
      if (ALL_TAGS.some((t) => t.startsWith(lower))) return;
      // Not a tag: release the "<" and read the rest again.
      const rest = this.buf.slice(1);
      this.buf = "";
      if (!this.inside) this.next("<");
      for (const ch of rest) this.feed(ch);
      return;
    }
    if (!this.inside) this.next(c);
  }

  end(): void {
    if (this.buf && !this.inside) for (const ch of this.buf) this.next(ch);
    this.buf = "";
  }
}

export interface NormalizedAnswer {
  text: string;
  /** Distinct valid reference numbers in order of first appearance. */
  cited: number[];
  /** Citation numbers that pointed outside the list (dropped from the text). */
  dropped: number;
}

/** Streaming normalizer: push raw chunks, get the newly final normalized text back. */
export class AnswerNormalizer {
  private readonly markdown: MarkdownStage;
  private readonly reasoning: ReasoningStage;
  private emitted = 0;
  private ended = false;

  constructor(referenceCount: number) {
    this.markdown = new MarkdownStage(referenceCount);
    this.reasoning = new ReasoningStage((c) => this.markdown.feed(c));
  }

  /** Feeds raw text; returns normalized text that will not change any more. */
  push(chunk: string): string {
    if (this.ended) throw new Error("push after end");
    for (const c of chunk) this.reasoning.feed(c);
    return this.take();
  }

  /** Ends the answer; returns the rest of the normalized text. */
  end(): string {
    if (this.ended) return "";
    this.ended = true;
    this.reasoning.end();
    this.markdown.end();
    return this.take();
  }

  private take(): string {
    const text = this.markdown.out.slice(this.emitted);
    this.emitted = this.markdown.out.length;
    return text;
  }

  get text(): string {
    return this.markdown.out.slice(0, this.emitted);
  }

  get cited(): number[] {
    return [...this.markdown.cited];
  }

  get dropped(): number {
    return this.markdown.dropped;
  }
}

export function normalizeAnswer(raw: string, referenceCount: number): NormalizedAnswer {
  const normalizer = new AnswerNormalizer(referenceCount);
  normalizer.push(raw);
  normalizer.end();
  return { text: normalizer.text, cited: normalizer.cited, dropped: normalizer.dropped };
}
