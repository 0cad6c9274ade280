// Cuts a JSON document into the texts of its records without parsing it whole, so files of any size
// are read with memory for one record. Accepts both shapes the public files come in:
//   - a JSON array of records ("[{...}, {...}]"): each element is a record;
//   - JSON Lines / concatenated values ("{...}\n{...}"): each top-level value is a record.
// Only brackets and strings are tracked; the record texts are parsed later, so tokens JSON does not
// allow (bare NaN) pass through untouched.

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const BYTE_ORDER_MARK = 0xfeff;

type Layout = "unknown" | "array" | "values";

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === BYTE_ORDER_MARK;
}

export class JsonRecordSplitter {
  private layout: Layout = "unknown";
  /** Bracket depth of the current position; in an array file the array itself is depth 1. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Inside a record: its text so far (from earlier chunks) and whether it is a bare scalar. */
  private recordParts: string[] | null = null;
  private recordIsScalar = false;

  /** Feeds the next piece of text; returns the records completed by it. */
  push(chunk: string): string[] {
    const completed: string[] = [];
    let recordStart = this.recordParts === null ? -1 : 0;

    const finishRecord = (endExclusive: number): void => {
      const parts = this.recordParts ?? [];
      parts.push(chunk.slice(recordStart, endExclusive));
      const text = parts.join("").trim();
      if (text !== "") completed.push(text);
      this.recordParts = null;
      this.recordIsScalar = false;
      recordStart = -1;
    };

    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);

      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) this.inString = false;
        continue;
      }

      if (this.layout === "unknown") {
        if (isWhitespace(code)) continue;
        this.layout = code === OPEN_BRACKET ? "array" : "values";
        if (this.layout === "array") {
          this.depth = 1;
          continue;
        }
      }

      const recordDepth = this.layout === "array" ? 1 : 0;

      if (this.recordParts === null) {
        // Between records: skip separators, start a record at anything else.
        if (isWhitespace(code) || (this.layout === "array" && code === COMMA)) continue;
        if (this.layout === "array" && code === CLOSE_BRACKET && this.depth === 1) {
          // End of the array; a further "[" starts another array.
          this.depth = 0;
          this.layout = "unknown";
          continue;
        }
        this.recordParts = [];
        recordStart = i;
        this.recordIsScalar = code !== OPEN_BRACE && code !== OPEN_BRACKET;
      }

      if (code === QUOTE) {
        this.inString = true;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        this.depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (this.recordIsScalar && this.depth === recordDepth) {
          if (this.layout === "array") {
            // A scalar element ended by the array's closing bracket.
            finishRecord(i);
            this.depth = 0;
            this.layout = "unknown";
          }
          continue;
        }
        this.depth--;
        if (!this.recordIsScalar && this.depth === recordDepth) finishRecord(i + 1);
      } else if (this.recordIsScalar && this.depth === recordDepth) {
        const endsScalar = this.layout === "array" ? code === COMMA : code === NEWLINE;
        if (endsScalar) finishRecord(i);
      }
    }

    if (this.recordParts !== null && recordStart >= 0) this.recordParts.push(chunk.slice(recordStart));
    return completed;
  }

  /** Ends the input; returns a last unterminated record (which will then fail to parse), if any. */
  end(): string[] {
    const rest = this.recordParts?.join("").trim() ?? "";
    this.recordParts = null;
    return rest === "" ? [] : [rest];
  }
}

/** All record texts of a whole document. */
export function splitJsonRecords(text: string): string[] {
  const splitter = new JsonRecordSplitter();
  return [...splitter.push(text), ...splitter.end()];
}
