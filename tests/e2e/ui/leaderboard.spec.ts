import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { sql } from "../support/arena";
import { deleteRatingRuns, ensureRatingRuns, MODELS } from "../support/leaderboard";
import { LeaderboardPage, SignInPage } from "../support/pages";

// The public leaderboard in Chromium at desktop and phone sizes, light and dark: empty state, table, sorting
// with the keyboard, scope and style switches, charts, accessibility (axe) and screenshots.

test.describe.configure({ mode: "serial" });

async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`)).toEqual([]);
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const file = `${name}-${testInfo.project.name}.png`;
  await page.screenshot({ path: testInfo.outputPath(file), fullPage: true });
  await testInfo.attach(file, { path: testInfo.outputPath(file), contentType: "image/png" });
}

test("before the first rating run the page says there are no ratings yet", async ({ page }, testInfo) => {
  await deleteRatingRuns();
  const leaderboard = new LeaderboardPage(page);
  await leaderboard.open();
  await leaderboard.reloadUntil(async () => {
    await expect(page.getByTestId("leaderboard-empty")).toBeVisible({ timeout: 1000 });
  });
  await expect(page.getByRole("heading", { name: "No ratings yet" })).toBeVisible();
  await expect(page.getByTestId("leaderboard-table")).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, testInfo, "leaderboard-empty");
});

test.describe("with rating runs", () => {
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    await ensureRatingRuns();
  });

  test("the header links to the leaderboard; the table ranks every model with its interval", async ({ page }, testInfo) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Leaderboard" }).click();
    await expect(page).toHaveURL(/\/leaderboard$/);
    const leaderboard = new LeaderboardPage(page);
    await leaderboard.reloadUntil(async () => {
      await expect(leaderboard.rows()).toHaveCount(MODELS, { timeout: 1000 });
    });
    await expect(page.getByTestId("stat-models")).toHaveText(String(MODELS));
    // The synthetic votes, plus any counted votes other specs cast before the newest run.
    const [{ votes }] = await sql<{ votes: number }>(
      `SELECT "votesUsed" AS votes FROM "RatingRun" WHERE "finishedAt" IS NOT NULL ORDER BY "finishedAt" DESC LIMIT 1`,
    );
    expect(votes).toBeGreaterThanOrEqual(2400);
    await expect(page.getByTestId("stat-votes")).toHaveText(votes.toLocaleString("en-US"));
    await expect(page.getByTestId("stat-updated")).toContainText("UTC");

    // Rank order: ranks never decrease down the table, and the first row has rank 1.
    const ranks = await leaderboard.rows().locator("td:first-child").allInnerTexts();
    expect(Number(ranks[0])).toBe(1);
    expect(ranks.map(Number)).toEqual([...ranks.map(Number)].sort((a, b) => a - b));
    await expect(leaderboard.rows().first().locator("td").nth(4)).toContainText(/^\+\d+\.\d \/ −\d+\.\d\s*\[\d+\.\d, \d+\.\d\]$/);

    // Charts, drawn on the server.
    await expect(page.getByRole("img", { name: /^Ratings with 95% confidence intervals/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /^Pairwise win fraction/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /^Battle counts/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /^Rating over time/ })).toBeVisible();
    await expect(page.locator("#how-ratings-work")).toContainText("Bradley–Terry");
    await expect(page.locator("#how-ratings-work").getByRole("link", { name: "dataset" })).toHaveAttribute("href", "/dataset");

    await expectAccessible(page);
    await screenshot(page, testInfo, "leaderboard");
  });

  test("columns sort with the keyboard and say so", async ({ page }) => {
    const leaderboard = new LeaderboardPage(page);
    await leaderboard.open();
    await expect(leaderboard.rows()).toHaveCount(MODELS);
    const byRank = await leaderboard.modelOrder();
    await expect(leaderboard.columnHeader("Rank")).toHaveAttribute("aria-sort", "ascending");

    await leaderboard.sortButton("Votes").focus();
    await page.keyboard.press("Enter");
    await expect(leaderboard.columnHeader("Votes")).toHaveAttribute("aria-sort", "descending");
    await expect(leaderboard.columnHeader("Rank")).toHaveAttribute("aria-sort", "none");
    const votes = (await leaderboard.rows().locator("td:nth-child(7)").allInnerTexts()).map((v) => Number(v.replace(/,/g, "")));
    expect(votes).toEqual([...votes].sort((a, b) => b - a));

    await page.keyboard.press("Space");
    await expect(leaderboard.columnHeader("Votes")).toHaveAttribute("aria-sort", "ascending");

    await leaderboard.sortButton("Rank").click();
    expect(await leaderboard.modelOrder()).toEqual(byRank);
  });

  test("the scope form and the style switch change the view", async ({ page }, testInfo) => {
    const leaderboard = new LeaderboardPage(page);
    await leaderboard.open();
    await leaderboard.chooseScope(/^Healthcare/);
    await expect(page).toHaveURL(/\/leaderboard\/discipline\/healthcare$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leaderboard: Healthcare");
    await expect(leaderboard.rows()).toHaveCount(MODELS);

    await page.getByRole("group", { name: "Ratings" }).getByRole("link", { name: "Style-controlled" }).click();
    await expect(page).toHaveURL(/\/leaderboard\/discipline\/healthcare\/style-control$/);
    await expect(page.getByRole("group", { name: "Ratings" }).getByRole("link", { name: "Style-controlled" })).toHaveAttribute("aria-current", "page");
    const coefficients = page.getByTestId("style-coefficients");
    await expect(coefficients.getByRole("rowheader")).toHaveText(["Answer length", "Citations"]);
    await expect(page.getByRole("heading", { name: /Style-controlled ranking/ })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, testInfo, "leaderboard-style-control");

    await leaderboard.chooseScope(/^Methodology Inquiry/);
    await expect(page).toHaveURL(/\/leaderboard\/category\/methodology-inquiry\/style-control$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leaderboard: Methodology Inquiry");
  });

  test("dark mode follows the system setting and keeps contrast", async ({ page }, testInfo) => {
    const leaderboard = new LeaderboardPage(page);
    await leaderboard.open();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    await leaderboard.open();
    await expect(leaderboard.rows()).toHaveCount(MODELS);
    expect(await background()).not.toBe(light);
    await expectAccessible(page);
    await screenshot(page, testInfo, "leaderboard-dark");
  });

  test("a signed-in researcher still sees their account in the header of the cached page", async ({ page }) => {
    await new SignInPage(page).signIn("Rosalind Franklin");
    await new LeaderboardPage(page).open();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in" })).toHaveCount(0);
  });

  test("unknown views are not found", async ({ page }) => {
    const response = await page.goto("/leaderboard/discipline/astrology");
    expect(response?.status()).toBe(404);
  });
});
