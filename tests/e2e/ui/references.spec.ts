import { expect, test } from "@playwright/test";
import { sql } from "../support/arena";
import { AskPage, BattlePage, SignInPage } from "../support/pages";

// The papers used are shown above the answers with their metadata, each [n] opens a card with the passage
// on hover and on keyboard focus, and nothing naming a model reaches the browser before the vote.

test("papers used above the answers, a passage card on each citation, no model named before the vote", async ({ page }) => {
  await new SignInPage(page).signIn("Rosalind Franklin");
  await new AskPage(page).ask("How does refrigerator temperature affect vaccine potency in general practice?", "Healthcare");
  const battle = new BattlePage(page);

  const list = page.getByTestId("reference-list");
  const first = list.locator("li").first();
  await expect(first).toBeVisible();
  await expect(first).toContainText(/^\[1\]/);
  const listBox = await list.boundingBox();
  const answerBox = await battle.answer("A").boundingBox();
  expect(listBox!.y).toBeLessThan(answerBox!.y);

  await battle.waitUntilBothDone();
  const citation = page.locator('[data-testid="answer-A-text"] a[href^="#ref-"], [data-testid="answer-B-text"] a[href^="#ref-"]').first();
  await citation.focus();
  const card = page.locator(`#${await citation.getAttribute("aria-describedby")}`);
  await expect(card).toBeVisible();
  const n = Number((await citation.innerText()).replace(/\D/g, ""));
  const battleId = page.url().split("/").pop()!;
  const [item] = await sql<{ text: string }>(
    `SELECT ri.text FROM "RetrievedItem" ri JOIN "Battle" b ON b."retrievalRunId" = ri."runId"
     WHERE b.id = $1 AND ri."refNumber" = $2 ORDER BY ri.rank LIMIT 1`,
    [battleId, n],
  );
  await expect(card).toContainText(item.text.slice(0, 40));

  const models = await sql<{ slug: string; displayName: string }>(
    `SELECT m.slug, m."displayName" FROM "Battle" b JOIN "Model" m ON m.id IN (b."modelAId", b."modelBId") WHERE b.id = $1`,
    [battleId],
  );
  const html = await page.content();
  for (const m of models) {
    expect(html).not.toContain(m.slug);
    expect(html).not.toContain(m.displayName);
  }
});
