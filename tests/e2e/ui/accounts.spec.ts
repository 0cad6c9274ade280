import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { sql } from "../support/arena";
import { AskPage } from "../support/pages";

// Accounts in the browser: a new researcher is sent through onboarding before asking, and the admin area
// is for admins only (ADMIN_EMAILS in playwright.config.ts) and starts background jobs.

const ADMIN_EMAIL = "admin-e2e@example.org";

async function signIn(page: Page, email: string, profile: "default" | "none") {
  await page.goto("/signin");
  await page.getByLabel("Name").fill(email.split("@")[0]);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(profile === "none" ? "Go through onboarding" : /Fill in a default profile/).check();
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a new researcher goes through onboarding, and only then asks; consent is stored", async ({ page }) => {
  const email = `onboard-${randomUUID().slice(0, 8)}@example.org`;
  await signIn(page, email, "none");
  await page.waitForURL(/\/onboarding/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Nothing can be skipped: the browser refuses the form until the required fields are set.
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page).toHaveURL(/\/onboarding/);

  await page.getByLabel("Discipline").selectOption("Healthcare");
  await page.getByLabel("Subfield").selectOption({ index: 1 });
  await page.getByLabel("Career stage").selectOption({ index: 1 });
  await page.getByLabel("Peer-reviewed publications").selectOption({ index: 1 });
  await page.getByLabel(/I accept the terms/).check();
  await page.getByLabel(/Release my votes/).check();
  await page.getByRole("button", { name: "Save profile" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  const [profile] = await sql<{ discipline: string; terms: boolean; consent: boolean }>(
    `SELECT p.discipline, p."termsConsentAt" IS NOT NULL AS terms, p."datasetConsentAt" IS NOT NULL AS consent
     FROM "ResearcherProfile" p JOIN "User" u ON u.id = p."userId" WHERE u.email = $1`,
    [email],
  );
  expect(profile).toEqual({ discipline: "Healthcare", terms: true, consent: true });

  await new AskPage(page).ask("Does vaccine storage temperature in general practice refrigerators reduce vaccine potency?");
  await expect(page.getByTestId("battle-question")).toBeVisible();
});

test("the admin area is invisible to researchers and starts jobs for admins", async ({ page, browser }) => {
  await signIn(page, `researcher-${randomUUID().slice(0, 8)}@example.org`, "default");
  await page.waitForURL((url) => url.pathname === "/");
  const refused = await page.goto("/admin");
  expect(refused?.status()).toBe(404);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN_EMAIL, "default");
  await admin.waitForURL((url) => url.pathname === "/");
  await admin.goto("/admin");
  await expect(admin.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  for (const section of ["Jobs", "Models", "Questions", "Annotators"]) {
    await expect(admin.getByRole("heading", { name: section, level: 2 })).toBeVisible();
  }
  const [{ before }] = await sql<{ before: number }>(`SELECT count(*)::int AS before FROM "Job" WHERE kind = 'quality'`);
  await admin.getByRole("button", { name: "Start: Anomalous-voter check" }).click();
  // The page refreshes itself while the job runs; the job succeeds.
  await expect(async () => {
    const rows = await sql<{ status: string }>(`SELECT status FROM "Job" WHERE kind = 'quality' ORDER BY "createdAt" DESC`);
    expect(rows.length).toBe(before + 1);
    expect(rows[0].status).toBe("SUCCEEDED");
  }).toPass({ timeout: 60_000 });
  await admin.reload();
  await expect(admin.getByTestId("jobs")).toContainText("quality");
  await adminContext.close();
});
