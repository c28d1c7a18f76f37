/**
 * The network drops under a bidder: the room says it is reconnecting, and when the network
 * is back it resumes from its last sequence — no reload, nothing missed, nothing twice.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Account, bidViaApi, createAccount, openAuction } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { launchBrowser, newPerson } from "../support/browser.js";
import { bid, expectWithin, labelFor, openRoom, type room, signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let r: ReturnType<typeof room>;
let seller: Account;
let alice: Account;
let carol: Account;
let auctionId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  [seller, alice, carol] = await Promise.all([
    createAccount(gatewayUrl, "Sella", "seller"),
    createAccount(gatewayUrl, "Alice"),
    createAccount(gatewayUrl, "Carol"),
  ]);
  auctionId = (await openAuction(gatewayUrl, seller, { title: "Pocket watch" })).id;
  ({ context, page } = await newPerson(browser, gatewayUrl));
  await signIn(page, alice);
  r = await openRoom(page, auctionId);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("a dropped connection", () => {
  it("shows a reconnecting banner while offline, then resumes without a reload, missing nothing and repeating nothing", async () => {
    await bid(r, "10.00");
    await r.status("Your bid of $10.00 is the highest bid.").waitFor();
    expect(await r.history.count()).toBe(1);
    // What the page asks the gateway when it joins (again): the resume must name the last sequence it applied.
    const joins: string[] = [];
    page.on("websocket", (ws) =>
      ws.on("framesent", ({ payload }) => {
        if (String(payload).includes("auction:join")) joins.push(String(payload));
      }),
    );
    // Marks this page load: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { e2eSamePage: true }));

    await context.setOffline(true);
    await r.reconnecting.waitFor();
    expect(await r.reconnecting.textContent()).toMatch(/Connection lost — reconnecting/);
    await screenshot(page, "room-reconnecting");

    // Carol bids twice (Alice is outbid in between) while Alice is offline.
    expect((await bidViaApi(gatewayUrl, carol, auctionId, 1100)).body).toMatchObject({ accepted: true });
    expect((await bidViaApi(gatewayUrl, alice, auctionId, 1200)).body).toMatchObject({ accepted: true });
    expect((await bidViaApi(gatewayUrl, carol, auctionId, 1300)).body).toMatchObject({ accepted: true });
    // Nothing reached the offline page.
    expect(await r.price.textContent()).toBe("$10.00");

    await context.setOffline(false);
    await expect.poll(() => r.reconnecting.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => r.price.textContent(), { timeout: 10_000 }).toBe("$13.00");

    expect(await page.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage)).toBe(true);
    expect(joins).toHaveLength(1);
    expect(joins[0]).toContain('"lastSequence":1');
    const rows = await r.history.allTextContents();
    expect(rows.map((row) => row.replace(/\d{1,2}:\d{2}:\d{2}.*$/, ""))).toEqual([
      `${labelFor(carol)}$13.00`,
      "You$12.00",
      `${labelFor(carol)}$11.00`,
      "You$10.00",
    ]);
    expect(await r.bidBox.inputValue()).toBe("14.00");
    await screenshot(page, "room-resumed");
  });

  it("keeps working live after the resume", async () => {
    expect((await bidViaApi(gatewayUrl, alice, auctionId, 1400)).body).toMatchObject({ accepted: true });
    await expectWithin(1000, () => r.price.textContent(), "$14.00");
    expect(await r.history.count()).toBe(5);
  });
});
