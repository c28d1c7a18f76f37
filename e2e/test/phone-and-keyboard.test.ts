/** The app on a phone-sized screen, with only a keyboard, and for screen readers. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { horizontalOverflow, landmarks, lowContrastText, unlabelledControls } from "../support/accessibility.js";
import { type Account, createAccount, openAuction } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { launchBrowser, newPerson, PHONE } from "../support/browser.js";
import { openRoom, signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seller: Account;
let bidder: Account;
let auctionId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  [seller, bidder] = await Promise.all([createAccount(gatewayUrl, "Sella", "seller"), createAccount(gatewayUrl, "Hana")]);
  auctionId = (await openAuction(gatewayUrl, seller, { title: "Phone-sized kite", imageUrls: ["/favicon.svg"] })).id;
  ({ context, page } = await newPerson(browser, gatewayUrl, PHONE));
  await signIn(page, bidder);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("on a 375px phone screen", () => {
  it("fits the auction list and the room without sideways scrolling", async () => {
    await page.goto("/?q=Phone-sized");
    await page.getByRole("link", { name: "Phone-sized kite" }).first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-auction-list");

    await openRoom(page, auctionId);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-auction-room");
  });

  it("labels every control, marks the landmarks, and keeps text readable", async () => {
    for (const path of ["/", `/auctions/${auctionId}`, "/sign-up", "/sell"]) {
      await page.goto(path);
      await page.getByRole("heading", { level: 1 }).waitFor();
      if (path.startsWith("/auctions/")) await page.getByLabel("Your bid (USD)").waitFor();
      expect(await unlabelledControls(page), path).toEqual([]);
      expect(await landmarks(page), path).toEqual(["banner", "navigation", "main", "contentinfo"]);
      expect(await lowContrastText(page), path).toEqual([]);
    }
  });
});

describe("with only a keyboard", () => {
  it("skips to the content, bids with Enter, and shows where the focus is", async () => {
    const r = await openRoom(page, auctionId);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);

    await r.bidBox.focus();
    await page.keyboard.press("Tab");
    const button = page.getByRole("button", { name: "Place bid" });
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    // A visible focus ring on the focused button.
    expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
    expect(await button.evaluate((el) => Number.parseFloat(getComputedStyle(el).outlineWidth))).toBeGreaterThanOrEqual(2);

    await page.keyboard.press("Enter");
    await r.status("Your bid of $10.00 is the highest bid.").waitFor();
    await screenshot(page, "phone-keyboard-bid");
  });
});
