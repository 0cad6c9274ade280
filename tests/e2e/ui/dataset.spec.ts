import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { consentingVotes, runCli, waitForDataset } from "../support/dataset";

test("the dataset page shows the published counts and files, and its downloads feed the judge CLI shown on /judges", async ({ page, request }, testInfo) => {
  // Three battles streamed and voted on, an export, and a run of the judge CLI.
  test.setTimeout(180_000);
  const before = await waitForDataset(request);
  const voter = await consentingVotes(`dsuivoter${testInfo.project.name}`, ["A", "B", "TIE"], "Engineering");
  const summary = await waitForDataset(request, (s) => s.snapshot!.train.total >= before.snapshot!.train.total + 3);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Dataset" }).click();
  await expect(page).toHaveURL(/\/dataset$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The Open SciArena dataset");
  await expect(page.getByTestId("dataset-summary")).toContainText(summary.snapshot!.train.total.toLocaleString("en-US"));
  const engineering = page.getByTestId("counts-per-discipline").getByRole("row", { name: /Engineering/ });
  await expect(engineering).toBeVisible();
  await expect(page.getByTestId("dataset-files").getByRole("link")).toHaveCount(6);
  await expect(page.getByRole("heading", { name: "Votes per question category" })).toBeVisible();

  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(accessibility.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath(`dataset-${testInfo.project.name}.png`), fullPage: true });

  // The download link serves the Eval split; it holds the new A and B votes and nothing personal.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "sciarena-eval.jsonl" }).click()]);
  const file = testInfo.outputPath("sciarena-eval.jsonl");
  await download.saveAs(file);
  const text = readFileSync(file, "utf8");
  const records = text.trim().split("\n").map((line) => JSON.parse(line));
  // A balanced sample: per discipline as many A as B votes, no ties. Other specs' synthetic votes share the
  // disciplines, so whether this voter's A and B were drawn is up to the seeded sample.
  const perSide = new Map<string, { A: number; B: number }>();
  for (const record of records) {
    expect(["A", "B"]).toContain(record.vote);
    const counts = perSide.get(String(record.subject)) ?? { A: 0, B: 0 };
    counts[record.vote as "A" | "B"] += 1;
    perSide.set(String(record.subject), counts);
  }
  for (const [subject, counts] of perSide) expect(counts.A, subject).toBe(counts.B);
  expect(perSide.has("Engineering")).toBe(true);
  expect(text).not.toContain(voter.email);
  expect(text).not.toContain(voter.name);
  // The train split holds every one of the voter's votes, also nothing personal.
  const train = await (await request.get("/api/dataset/train.jsonl")).text();
  const trainRecords = train.trim().split("\n").map((line) => JSON.parse(line));
  expect(trainRecords.filter((record) => voter.voteIds.includes(record.id)).map((record) => record.vote).sort()).toEqual(["A", "B", "tie"]);
  expect(train).not.toContain(voter.email);

  await page.getByTestId("dataset-card").locator("xpath=..").locator("summary").click();
  await expect(page.getByTestId("dataset-card")).toContainText("## Collection process");

  const judged = await runCli("scripts/eval-judge.ts", ["--data", file, "--judge", "demo-judge", "--no-cache", "--bootstrap", "100"]);
  expect(judged.stderr).not.toContain("eval:judge failed");
  expect(judged.code).toBe(0);
  expect(judged.stdout).toContain("stored as judge evaluation");

  await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Judges" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("LLM judges");
  await expect(page.getByTestId("reference-row")).toHaveCount(3);
  await expect(page.getByTestId("judges-table")).toContainText("o3");
  await expect(page.getByTestId("judges-table")).toContainText("65.1%");
  await expect(page.getByTestId("evaluation-row").filter({ hasText: "demo-judge" }).first()).toContainText("sciarena-eval.jsonl");
  const judgesAxe = await new AxeBuilder({ page }).analyze();
  expect(judgesAxe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath(`judges-${testInfo.project.name}.png`), fullPage: true });
});
