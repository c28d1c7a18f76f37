/**
 * The answer to a create is lost on the way back (a dropped connection, a proxy that gave up),
 * though the server did the work; the person clicks again. The page sends the same
 * Idempotency-Key with the second click, so they get what the first click made: one account,
 * one draft, and no "this e-mail has an account already" for their own first attempt.
 */
import type { Listing, ListingPage } from "@auction-mesh/contracts";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json } from "../../dev-runner/test/integration/harness.js";
import { createAccount, PASSWORD, uniqueTitle } from "../support/api.js";
import { launchBrowser, newPerson } from "../support/browser.js";
import { signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPerson(browser, gatewayUrl));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Lets the first POST to `path` reach the gateway, then drops its answer; later ones pass. */
async function loseFirstAnswer(path: string): Promise<{ keys: (string | undefined)[] }> {
  const seen = { keys: [] as (string | undefined)[] };
  await page.route(`**${path}`, async (route: Route) => {
    if (route.request().method() !== "POST") return route.fallback();
    seen.keys.push(route.request().headers()["idempotency-key"]);
    if (seen.keys.length > 1) return route.fallback();
    await route.fetch();
    await route.abort("connectionreset");
  });
  return seen;
}

describe("an answer lost on the way back", () => {
  it("signing up again after a lost answer signs you in to the account the first click made", async () => {
    const email = `lost.${Date.now()}@e2e.test`;
    const sent = await loseFirstAnswer("/api/auth/sign-up");
    await page.goto("/sign-up");
    await page.getByLabel("Display name").fill("Lou");
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "Could not reach the server" }).waitFor();

    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Signed in as Lou").waitFor();
    expect(sent.keys).toHaveLength(2);
    expect(sent.keys[1]).toBe(sent.keys[0]);
    await page.unrouteAll();
  });

  it("creating a draft again after a lost answer makes one draft", async () => {
    const seller = await createAccount(gatewayUrl, "Lena", "seller");
    await signIn(page, seller, "/sell");
    await page.getByRole("heading", { name: "Sell an item" }).waitFor();
    const title = uniqueTitle("Lost answer lamp");
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Category").selectOption({ label: "Collectibles" });
    await page.getByLabel("Starting price (USD)").fill("25");
    await page.getByLabel("Bid step (USD)").fill("2.50");
    const sent = await loseFirstAnswer("/api/auctions");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("alert").filter({ hasText: "Could not reach the server" }).waitFor();

    await page.getByRole("button", { name: "Create draft" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Draft "${title}" created.` })
      .waitFor();
    await page.unrouteAll();
    expect(sent.keys).toHaveLength(2);
    expect(sent.keys[1]).toBe(sent.keys[0]);
    const drafts = await json<ListingPage>(`${gatewayUrl}/api/auctions?status=draft&sellerId=${seller.id}&q=${encodeURIComponent(title)}`, {
      headers: { authorization: `Bearer ${seller.token}` },
    });
    expect(drafts.body.items.map((l: Listing) => l.title)).toEqual([title]);
    // The next draft is a new one, not the first again.
    await page.getByLabel("Title").fill(`${title} (second)`);
    await page.getByLabel("Category").selectOption({ label: "Collectibles" });
    await page.getByLabel("Starting price (USD)").fill("25");
    await page.getByLabel("Bid step (USD)").fill("2.50");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Draft "${title} (second)" created.` })
      .waitFor();
  });
});
