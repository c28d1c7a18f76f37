/** The header bell: an outbid alert reaches a person on a page that is not the auction's room. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, bidViaApi, createAccount, openAuction, uniqueTitle } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { launchBrowser, newPerson } from "../support/browser.js";
import { signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let bidder: Account;
let rival: Account;
let seller: Account;

beforeAll(async () => {
  browser = await launchBrowser();
  [bidder, rival, seller] = await Promise.all([
    createAccount(gatewayUrl, "Bella"),
    createAccount(gatewayUrl, "Rex"),
    createAccount(gatewayUrl, "Sid", "seller"),
  ]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the notification bell", () => {
  it("shows an outbid alert live while the person is on another page, and clears it when read", async () => {
    ({ context, page } = await newPerson(browser, gatewayUrl));
    await signIn(page, bidder);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Wallet" }).click();
    await page.getByRole("heading", { name: "Wallet" }).waitFor();
    const bell = page.getByRole("button", { name: /^Notifications/ });
    expect(await bell.getAttribute("aria-label")).toBe("Notifications");

    const title = uniqueTitle("Bell jar");
    const listing = await openAuction(gatewayUrl, seller, { title });
    await bidViaApi(gatewayUrl, bidder, listing.id, listing.startingPrice);
    await bidViaApi(gatewayUrl, rival, listing.id, listing.startingPrice + 500);

    // No reload: the count arrives over the socket.
    await page.getByRole("button", { name: "Notifications, 1 unread" }).waitFor({ timeout: 20_000 });
    await bell.click();
    const panel = page.getByRole("region", { name: "Notifications" });
    const alert = panel.getByRole("link", { name: new RegExp(`You were outbid on “${title}”`) });
    await alert.waitFor();
    await screenshot(page, "bell-outbid");
    await alert.click();
    await page.waitForURL(new RegExp(`/auctions/${listing.id}$`));
    // Opening it marked it read: the count is gone.
    await page.getByRole("button", { name: "Notifications", exact: true }).waitFor();
  });
});
