import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { STAGE_BYTES, openOutputFile } from "./output-file";

const dir = mkdtempSync(path.join(tmpdir(), "output-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1 << 20;

describe.each([
  ["direct where the system allows it", true],
  ["through the page cache", false],
])("an export output file, %s", (_label, direct) => {
  // Sizes around the staging buffers and the 4 KiB blocks: empty, tiny, exact multiples, straddling.
  const stage = STAGE_BYTES;
  const cases: [string, number[]][] = [
    ["no bytes", []],
    ["a few bytes", [1, 0, 7]],
    ["exactly one staging buffer", [stage]],
    ["a block short of two buffers, then the rest", [stage + 3, stage - 4099, 4096, 1]],
    ["many uneven chunks over several buffers", Array.from({ length: 40 }, (_, i) => 300_001 + i * 7_919)],
  ];
  it.each(cases)("holds exactly the bytes written and reports their SHA-256 and length: %s", async (name, sizes) => {
    const file = path.join(dir, `${direct ? "d" : "b"}-${name.replace(/\W+/g, "-")}`);
    const output = await openOutputFile(file, { direct });
    if (!direct) expect(output.direct).toBe(false);
    const chunks = sizes.map((size) => randomBytes(size));
    for (const chunk of chunks) await output.write(chunk);
    const expected = Buffer.concat(chunks);
    const result = await output.close();
    const written = readFileSync(file);
    expect(written.length).toBe(expected.length);
    expect(written.equals(expected)).toBe(true);
    expect(result).toEqual({ sha256: createHash("sha256").update(expected).digest("hex"), bytes: expected.length });
  });
});

describe("direct output files", () => {
  it("are direct on Linux file systems that allow it, and several can be written at once", async () => {
    const files = await Promise.all([0, 1, 2].map((i) => openOutputFile(path.join(dir, `parallel-${i}`))));
    if (process.platform === "linux") expect(files.some((file) => file.direct)).toBe(true);
    const data = files.map(() => randomBytes(9 * MB + 123));
    await Promise.all(files.map(async (file, i) => {
      for (let offset = 0; offset < data[i].length; offset += MB) await file.write(data[i].subarray(offset, offset + MB));
    }));
    const results = await Promise.all(files.map((file) => file.close()));
    results.forEach((result, i) => {
      expect(readFileSync(path.join(dir, `parallel-${i}`)).equals(data[i])).toBe(true);
      expect(result.sha256).toBe(createHash("sha256").update(data[i]).digest("hex"));
    });
  });
});
