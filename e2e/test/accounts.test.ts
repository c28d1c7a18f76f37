/** Signing up, in and out in the browser, with the refusals people meet on the way. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, createAccount, PASSWORD } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { launchBrowser, newPerson } from "../support/browser.js";
import { signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let existing: Account;

beforeAll(async () => {
  browser = await launchBrowser();
  existing = await createAccount(gatewayUrl, "Dora");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("accounts", () => {
  it("explains a weak password and a taken e-mail, then signs a new bidder up", async () => {
    ({ context, page } = await newPerson(browser, gatewayUrl));
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Create an account" }).waitFor();

    const email = `eve.${Date.now()}@e2e.test`;
    await page.getByLabel("Display name").fill("Eve");
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel("Password").fill("password123");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "Choose a stronger password." }).waitFor();
    // The password field is marked invalid and described by the reason.
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "sign-up-weak-password");

    await page.getByLabel("E-mail address").fill(existing.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "An account with this e-mail address already exists." }).waitFor();
    expect(await page.getByRole("link", { name: "Sign in instead" }).isVisible()).toBe(true);

    await page.getByLabel("E-mail address").fill(email);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Signed in as Eve").waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    // A reload keeps the session.
    await page.reload();
    await page.getByText("Signed in as Eve").waitFor();
  });

  it("refuses a wrong password, signs in with the right one, and signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }).waitFor();

    await page.goto("/sign-in");
    await page.getByLabel("E-mail address").fill(existing.email);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "That e-mail address and password don't match an account." }).waitFor();
    await screenshot(page, "sign-in-refused");

    await signIn(page, existing);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }).count()).toBe(0);
  });
});
