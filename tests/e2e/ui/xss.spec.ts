import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { runCli } from "../support/dataset";
import { AskPage, BattlePage, SignInPage } from "../support/pages";

// Script payloads in a question, a researcher's name, a vote reason and in papers whose text the models
// quote and the page shows (titles, authors, hover cards, answers): in a real browser nothing runs and
// no markup is injected. Every payload would set window.__xss or open a dialog if it ran.

const payload = (n: number) => [
  `<script>window.__xss=${n}</script>`,
  `<img src=x onerror="window.__xss=${n}">`,
  `<svg onload="window.__xss=${n}"></svg>`,
  `[click me](javascript:window.__xss=${n})`,
  `<a href="javascript:window.__xss=${n}">link</a>`,
  `"><iframe srcdoc="<script>parent.__xss=${n}</script>"></iframe>`,
];

const PAPERS = [0, 1, 2].map((i) => ({
  id: `xss:quokkazine-${i}`,
  source: "xss-test",
  title: `Quokkazine tolerance in island marsupials ${payload(10 + i)[i]}`,
  authors: [`Ada ${payload(20 + i)[1]} Lovelace`, "Grace Hopper"],
  year: 2024,
  venue: `Journal of ${payload(30 + i)[2]} Marsupials`,
  abstract: [
    `Quokkazine tolerance developed gradually in the treated island marsupials ${payload(40 + i)[0]} over two breeding seasons.`,
    `Quokkazine tolerance was measured in twelve wildlife clinics ${payload(50 + i)[1]} with repeated blood sampling of every animal.`,
    `The quokkazine tolerance of juveniles ${payload(60 + i)[3]} exceeded that of adults in every clinic that reported results.`,
    `Markup in abstracts ${payload(70 + i)[4]} and ${payload(80 + i)[5]} must render as plain text for quokkazine readers.`,
  ].join(" "),
}));

async function watchForScripts(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  return async () => {
    const state = await page.evaluate(() => {
      const w = window as unknown as { __xss?: number; __violations: string[] };
      return {
        xss: w.__xss ?? null,
        violations: w.__violations,
        injected: document.querySelectorAll('img[src="x"], svg[onload], iframe, a[href^="javascript:"], [onerror], [onload]').length,
        // Injected script elements (the payload as a script's own code). The framework's serialized page
        // data carries the question as an escaped JSON string inside its scripts; that is data, not code.
        scripts: [...document.scripts].filter((s) => /^\s*(window|parent)\.__xss/.test(s.textContent ?? "")).length,
      };
    });
    expect(dialogs).toEqual([]);
    expect(state).toEqual({ xss: null, violations: [], injected: 0, scripts: 0 });
  };
}

test("script payloads in questions, names, reasons, papers and answers never run", async ({ page }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), "arena-xss-"));
  const file = path.join(dir, "xss-papers.jsonl");
  writeFileSync(file, PAPERS.map((p) => JSON.stringify(p)).join("\n") + "\n");
  const ingest = await runCli("scripts/ingest.ts", [file]);
  expect(ingest.code, ingest.stderr).toBe(0);

  const check = await watchForScripts(page);
  await new SignInPage(page).signIn(`Eve ${payload(1)[1]}`);
  await check();

  const question = `How does quokkazine tolerance develop in island marsupials? ${payload(2)[0]} ${payload(3)[1]}`;
  await new AskPage(page).ask(question);
  const battle = new BattlePage(page);
  // Shown as the text it is.
  await expect(page.getByTestId("battle-question")).toHaveText(question);
  await expect(page.getByTestId("reference-list")).toContainText("Quokkazine tolerance in island marsupials");
  await expect(page.getByTestId("reference-list")).toContainText("<script>");
  await battle.waitUntilBothDone();
  for (const side of ["A", "B"] as const) await expect(page.getByTestId(`answer-${side}-text`)).toContainText(/quokkazine/i);
  // Open citations' hover cards (passage text with payloads) the keyboard way, which works on phones too.
  const citations = page.locator('[data-testid^="answer-"] a[href^="#ref-"]');
  for (let i = 0; i < Math.min(await citations.count(), 8); i++) await citations.nth(i).focus();
  await check();

  await page.getByLabel("Reason (optional)").fill(`Better ${payload(4)[1]} ${payload(5)[0]}`);
  await battle.voteButton("Tie").click();
  await expect(battle.reveal()).toBeVisible();
  await expect(page.getByText(payload(4)[1], { exact: false })).toBeVisible();
  await check();

  // A fresh load of the finished battle renders the same stored text on the server.
  await page.reload();
  await expect(page.getByTestId("battle-question")).toHaveText(question);
  await check();
});
