/**
 * A seller signs up, creates an auction in the browser and publishes it; a bidder finds it
 * with the search box and filters, opens it and bids.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, createAccount, PASSWORD, uniqueTitle } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { launchBrowser, newPerson } from "../support/browser.js";
import { testPhoto } from "../support/photos.js";
import { bid, room, signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
const contexts: BrowserContext[] = [];
let sellerPage: Page;
let bidderPage: Page;
let bidder: Account;
const title = uniqueTitle("Tin robot");

beforeAll(async () => {
  browser = await launchBrowser();
  bidder = await createAccount(gatewayUrl, "Finn");
  for (const p of [0, 1]) {
    const { context, page } = await newPerson(browser, gatewayUrl);
    contexts.push(context);
    if (p === 0) sellerPage = page;
    else bidderPage = page;
  }
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe("selling", () => {
  it("signs a seller up and creates a draft auction in the browser", async () => {
    const page = sellerPage;
    await page.goto("/sign-up");
    await page.getByLabel("Display name").fill("Greta's Toys");
    await page.getByLabel("E-mail address").fill(`greta.${Date.now()}@e2e.test`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("radio", { name: "Sell items (and bid)" }).check();
    await page.getByRole("button", { name: "Create account" }).click();
    // Sellers land on the page to sell.
    await page.getByRole("heading", { name: "Sell an item" }).waitFor();

    // Submitting an empty form points at what is missing.
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("alert").filter({ hasText: "Check the highlighted fields." }).waitFor();
    expect(await page.getByLabel("Category").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Description").fill("Wind-up tin robot, 1950s, walks and sparks.");
    await page.getByLabel("Category").selectOption({ label: "Collectibles" });
    await page.getByLabel("Photos", { exact: true }).setInputFiles(await testPhoto("robot.png"));
    await page.getByRole("list", { name: "Chosen photos" }).getByRole("img", { name: "Photo 1" }).waitFor();
    await page.getByLabel("Starting price (USD)").fill("25");
    await page.getByLabel("Bid step (USD)").fill("2.50");
    await page.getByLabel("Bidding lasts").selectOption({ label: "5 minutes" });
    await page.getByRole("button", { name: "Create draft" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Draft "${title}" created.` })
      .waitFor();

    const mine = page.getByRole("article", { name: title });
    expect(await mine.getByText("Draft").isVisible()).toBe(true);
    await screenshot(page, "sell-draft-created");
  });

  it("publishes it, and a bidder finds it by search and filters, opens it and bids", async () => {
    const mine = sellerPage.getByRole("article", { name: title });
    await mine.getByRole("button", { name: `Publish ${title}` }).click();
    await mine.getByText(/Upcoming|Live/).waitFor();
    await screenshot(sellerPage, "sell-published");

    await signIn(bidderPage, bidder);
    await bidderPage.getByLabel("Search").fill(title);
    const card = bidderPage.getByRole("link", { name: title });
    await card.waitFor();
    expect(await bidderPage.getByRole("link", { name: /Tin robot/ }).count()).toBe(1);

    // Each category shows how many of the matches it holds.
    await bidderPage.getByLabel("Category").selectOption({ label: "Books (0)" });
    await bidderPage.getByText("No auctions match.").waitFor();
    await bidderPage.getByLabel("Category").selectOption({ label: "Collectibles (1)" });
    await card.waitFor();
    // The filters live in the URL: a reload shows the same list.
    expect(new URL(bidderPage.url()).searchParams.get("category")).toBe("collectibles");
    await screenshot(bidderPage, "auction-list-filtered");

    await card.click();
    const r = room(bidderPage);
    await bidderPage.getByRole("heading", { name: title, level: 1 }).waitFor();
    expect(await bidderPage.getByText("Wind-up tin robot, 1950s, walks and sparks.").isVisible()).toBe(true);
    // The photo comes through gateway and media: it shows once loaded (an unloaded img has no size).
    await bidderPage.getByRole("img", { name: new RegExp(title) }).waitFor();
    // It opens a few seconds after publishing; the room joins by itself.
    await r.price.waitFor({ timeout: 20_000 });
    expect(await r.price.textContent()).toBe("$25.00");
    expect(await r.bidBox.inputValue()).toBe("25.00");
    await bid(r, "25.00");
    await r.status("Your bid of $25.00 is the highest bid.").waitFor();
    expect(await r.bidBox.inputValue()).toBe("27.50");

    // Only live auctions when filtered by status Live: it is among them.
    await bidderPage.goto(`/?status=live&q=${encodeURIComponent(title)}`);
    await bidderPage.getByRole("link", { name: title }).waitFor();
  });
});
