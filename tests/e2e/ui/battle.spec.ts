import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { sql } from "../support/arena";
import { AskPage, BattlePage, SignInPage } from "../support/pages";

test("sign in, ask, watch both answers stream, vote with the keyboard, see the models", async ({ page }, testInfo) => {
  await new SignInPage(page).signIn("Marie Curie");
  await expect(page.getByTestId("signed-in-as")).toHaveText("Marie Curie").catch(() => {}); // hidden on phones

  const accessibility = await new AxeBuilder({ page }).analyze();
  expect(accessibility.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Record every length the answers show, to tell streaming from text arriving all at once. The
  // navigation to the battle is client-side, so the observer outlives it.
  await page.evaluate(() => {
    const seen: Record<string, number[]> = { A: [], B: [] };
    (window as unknown as { answerLengths: typeof seen }).answerLengths = seen;
    new MutationObserver(() => {
      for (const side of ["A", "B"]) {
        const length = document.querySelector(`[data-testid="answer-${side}-text"]`)?.textContent?.length;
        if (length && seen[side].at(-1) !== length) seen[side].push(length);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const question = "Does vaccine storage temperature in general practice refrigerators reduce vaccine potency?";
  await new AskPage(page).ask(question, "Healthcare");
  const battle = new BattlePage(page);
  await expect(page.getByTestId("battle-question")).toHaveText(question);
  await expect(page.getByTestId("reference-list").locator("li").first()).toBeVisible();

  await battle.waitUntilBothDone();
  // Both answers grew in several steps (streamed), not in one piece. Under load the browser batches
  // several tokens into one render, so only a few distinct lengths are guaranteed.
  const lengths = await page.evaluate(() => (window as unknown as { answerLengths: Record<string, number[]> }).answerLengths);
  for (const side of ["A", "B"]) {
    expect(lengths[side].length, `distinct lengths of answer ${side}`).toBeGreaterThanOrEqual(3);
  }
  for (const side of ["A", "B"] as const) {
    await expect(page.getByTestId(`answer-${side}-text`)).toContainText(/\S/);
  }
  // Citations link to the numbered reference list.
  const citation = page.locator('[data-testid="answer-A-text"] a[href^="#ref-"], [data-testid="answer-B-text"] a[href^="#ref-"]').first();
  await expect(citation).toBeVisible();
  const target = await citation.getAttribute("href");
  await expect(page.locator(target!)).toBeVisible();

  await expect(battle.voteButton("B is better")).toBeEnabled();
  const battleAxe = await new AxeBuilder({ page }).analyze();
  expect(battleAxe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.getByLabel("Reason (optional)").fill("Cites the storage study directly");
  await page.locator("body").click({ position: { x: 2, y: 2 } });
  await page.keyboard.press("2");

  await expect(battle.reveal()).toBeVisible();
  const battleId = page.url().split("/").pop()!;
  const [row] = await sql<{ choice: string; reason: string; a: string; b: string }>(
    `SELECT v.choice, v.reason, ma."displayName" AS a, mb."displayName" AS b FROM "Vote" v
     JOIN "Battle" b ON b.id = v."battleId" JOIN "Model" ma ON ma.id = b."modelAId" JOIN "Model" mb ON mb.id = b."modelBId"
     WHERE v."battleId" = $1`,
    [battleId],
  );
  expect(row.choice).toBe("B");
  expect(row.reason).toBe("Cites the storage study directly");
  await expect(page.getByTestId("revealed-A")).toContainText(row.a);
  await expect(page.getByTestId("revealed-B")).toContainText(row.b);

  const screenshot = await page.screenshot({ fullPage: true });
  await testInfo.attach(`battle-revealed-${testInfo.project.name}`, { body: screenshot, contentType: "image/png" });
  await page.screenshot({ path: testInfo.outputPath(`battle-revealed-${testInfo.project.name}.png`), fullPage: true });

  await page.getByRole("link", { name: "Next question" }).click();
  await expect(page.getByLabel("Your question")).toBeVisible();
});

test("a reload mid-stream replays the saved text and continues", async ({ page }) => {
  await new SignInPage(page).signIn();
  await new AskPage(page).ask("What are the effects of strain on electronic properties of two-dimensional materials?");
  const battle = new BattlePage(page);
  await expect(battle.answer("A")).toHaveAttribute("data-status", "streaming");
  await page.reload();
  await battle.waitUntilBothDone();
  const battleId = page.url().split("/").pop()!;
  const rows = await sql<{ side: string; text: string }>(`SELECT side, text FROM "Response" WHERE "battleId" = $1 ORDER BY side`, [battleId]);
  for (const row of rows) {
    const shown = (await page.getByTestId(`answer-${row.side}-text`).innerText()).replace(/\s+/g, " ").trim();
    expect(shown).toBe(row.text.replace(/\s+/g, " ").trim());
  }
});

test("the question box counts characters and refuses what is too short", async ({ page }) => {
  await new SignInPage(page).signIn();
  const box = page.getByLabel("Your question");
  await box.fill("short");
  await expect(page.getByText("5 / 2000 characters (at least 10)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Ask two models" })).toBeDisabled();
  await box.fill("A question that is long enough");
  await expect(page.getByRole("button", { name: "Ask two models" })).toBeEnabled();
});

test("a failed battle says so and starts a new pair in one click", async ({ page }) => {
  await new SignInPage(page).signIn();
  await new AskPage(page).ask("Is laparoscopic surgery safe for patients with renal carcinoma?");
  const battle = new BattlePage(page);
  await battle.waitUntilBothDone();
  const battleId = page.url().split("/").pop()!;
  await sql(`UPDATE "Battle" SET status = 'FAILED', "failureReason" = 'Model B could not answer: the answer stalled.' WHERE id = $1`, [battleId]);
  await page.reload();
  await expect(page.getByRole("alert").filter({ hasText: "could not be completed" })).toContainText("the answer stalled");
  await expect(battle.voteButton("A is better")).toHaveCount(0);
  await page.getByRole("button", { name: "Try again with a new pair of models" }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/battles/") && !url.pathname.endsWith(battleId));
  await battle.waitUntilBothDone();
});
