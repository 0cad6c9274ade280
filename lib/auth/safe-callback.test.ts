import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback";

describe("safeCallbackUrl", () => {
  it("keeps local paths", () => expect(safeCallbackUrl("/battles/abc?x=1")).toBe("/battles/abc?x=1"));
  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", 42, undefined])(
    "refuses %s",
    (value) => expect(safeCallbackUrl(value)).toBe("/"),
  );
});
