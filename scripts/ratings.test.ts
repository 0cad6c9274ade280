import { describe, expect, it } from "vitest";
import { EXIT, InvalidArgumentsError, main, parseArguments, settingsFrom } from "./ratings";

describe("scripts/ratings.ts arguments", () => {
  it("fills the defaults", () => {
    const args = parseArguments([]);
    expect(settingsFrom(args)).toMatchObject({
      bootstrapRounds: 1000,
      styleRounds: 100,
      style: true,
      elo: true,
      styleFeatures: "auto",
      minVotes: { overall: 20, discipline: 20, category: 20 },
    });
    expect(args.consent).toBe("required");
  });

  it("parses options", () => {
    const args = parseArguments(["--min-votes", "50", "--min-votes-category", "5", "--no-style", "--style-features", "length,supporting", "--consent", "ignored", "--dry-run"]);
    const settings = settingsFrom(args);
    expect(settings.minVotes).toEqual({ overall: 50, discipline: 20, category: 5 });
    expect(settings.style).toBe(false);
    expect(settings.styleFeatures).toEqual(["length", "supporting"]);
    expect(args.consent).toBe("ignored");
    expect(args["dry-run"]).toBe(true);
  });

  it.each([
    [["--bootstrap", "1"], /--bootstrap/],
    [["--min-votes", "0"], /--min-votes/],
    [["--style-features", "length,length"], /twice/],
    [["--style-features", "colour"], /style-features/],
    [["--consent", "maybe"], /--consent/],
    [["--frobnicate"], /Unknown option/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(InvalidArgumentsError);
    expect(() => parseArguments(argv)).toThrow(message);
  });

  it("hands --input/--output to the file mode, and answers --help", async () => {
    expect(await main(["--input", "/nonexistent/battles.jsonl", "--output", "/tmp/x.json", "--quiet"])).toBe(2);
    expect(await main(["--help"])).toBe(EXIT.ok);
    expect(await main(["--bootstrap", "x"])).toBe(EXIT.invalidArguments);
  });
});
