import { expect, test } from "@playwright/test";
import { SignInPage } from "../support/pages";

// This project runs against a second server started with SEED_CORPUS=none: no papers at all.

test("with an empty corpus the ask page says so, shows the command, and battles are refused clearly", async ({ page }) => {
  await new SignInPage(page).signIn("Empty Corpus");
  const notice = page.getByRole("region", { name: "The paper corpus is empty" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("npm run ingest --");
  await page.getByLabel("Your question").fill("What limits the efficiency of perovskite solar cells?");
  await expect(page.getByRole("button", { name: "Ask two models" })).toBeDisabled();
  await expect(page.getByText("0 papers in the corpus.")).toBeVisible();

  const res = await page.request.post("/api/battles", { data: { question: "What limits the efficiency of perovskite solar cells?" } });
  expect(res.status()).toBe(503);
  expect((await res.json()).error.message).toMatch(/corpus is empty.*npm run ingest/);
});
