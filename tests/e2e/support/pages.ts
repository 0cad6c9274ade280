import { expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(name = "Researcher") {
    await this.page.goto("/signin");
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Email").fill(`ui-${randomUUID().slice(0, 8)}@example.org`);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await this.page.waitForURL((url) => url.pathname === "/");
  }
}

export class AskPage {
  constructor(private readonly page: Page) {}

  async ask(question: string, discipline?: string) {
    await this.page.getByLabel("Your question").fill(question);
    if (discipline) await this.page.getByLabel("Discipline").selectOption(discipline);
    await this.page.getByRole("button", { name: "Ask two models" }).click();
    await this.page.waitForURL(/\/battles\//);
  }
}

export class BattlePage {
  constructor(private readonly page: Page) {}

  answer(side: "A" | "B") {
    return this.page.getByTestId(`answer-${side}`);
  }

  async waitUntilBothDone() {
    await expect(this.answer("A")).toHaveAttribute("data-status", "done", { timeout: 45_000 });
    await expect(this.answer("B")).toHaveAttribute("data-status", "done", { timeout: 45_000 });
  }

  voteButton(label: "A is better" | "B is better" | "Tie" | "Both are bad") {
    return this.page.getByRole("button", { name: label });
  }

  reveal() {
    return this.page.getByTestId("reveal");
  }
}

export class LeaderboardPage {
  constructor(private readonly page: Page) {}

  async open(path = "/leaderboard") {
    await this.page.goto(path);
  }

  /** Reloads until `ready` holds: the page is served from a cache renewed every few seconds. */
  async reloadUntil(ready: () => Promise<void>, timeout = 60_000) {
    await expect(async () => {
      await this.page.reload();
      await ready();
    }).toPass({ timeout, intervals: [500, 1000, 2000] });
  }

  table() {
    return this.page.getByTestId("leaderboard-table");
  }

  rows() {
    return this.page.getByTestId("leaderboard-row");
  }

  async modelOrder(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-model") ?? ""));
  }

  sortButton(column: string) {
    return this.table().getByRole("button", { name: column, exact: true });
  }

  columnHeader(column: string) {
    return this.table().getByRole("columnheader", { name: column, exact: true });
  }

  async chooseScope(label: RegExp) {
    const select = this.page.getByLabel("Questions", { exact: true });
    const value = await select.locator("option", { hasText: label }).first().getAttribute("value");
    await select.selectOption(value!);
    await this.page.getByRole("button", { name: "Show" }).click();
  }
}
