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
