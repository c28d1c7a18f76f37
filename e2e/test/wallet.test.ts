/** The wallet page: a person tops up their sandbox wallet and sees the balance and statement. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unlabelledControls } from "../support/accessibility.js";
import { type Account, createAccount } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { launchBrowser, newPerson } from "../support/browser.js";
import { signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let person: Account;

beforeAll(async () => {
  browser = await launchBrowser();
  person = await createAccount(gatewayUrl, "Wanda");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("wallet", () => {
  it("tops up the sandbox wallet, refusing a bad amount first, and lists the money on the statement", async () => {
    ({ context, page } = await newPerson(browser, gatewayUrl));
    await signIn(page, person);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Wallet" }).click();
    await page.getByRole("heading", { name: "Wallet" }).waitFor();
    await page.getByText("No money has moved yet.").waitFor();
    expect(await page.locator("[data-balance=available]").textContent()).toBe("$0.00");
    expect(await page.getByText(/Sandbox:/).isVisible()).toBe(true);

    await page.getByLabel("Amount (USD)").fill("ten");
    await page.getByRole("button", { name: "Add funds" }).click();
    await page.getByText("Enter an amount in dollars, like 50 or 12.50.").waitFor();
    expect(await page.getByLabel("Amount (USD)").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Amount (USD)").fill("125.50");
    await page.getByRole("button", { name: "Add funds" }).click();
    await page.getByRole("status").filter({ hasText: "Added $125.50. Available now: $125.50." }).waitFor();
    await page.locator("[data-balance=available]").filter({ hasText: "$125.50" }).waitFor();
    const line = page.locator("table.statement tbody tr");
    await line.first().waitFor();
    expect(await line.first().textContent()).toContain("Top-up through sandbox");
    expect(await line.first().textContent()).toContain("+$125.50");
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, "wallet-after-top-up");

    // A reload reads the ledger again: the money is still there, once.
    await page.reload();
    await page.locator("[data-balance=available]").filter({ hasText: "$125.50" }).waitFor();
    expect(await line.count()).toBe(1);
  });
});
