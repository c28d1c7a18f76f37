import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import type { Account } from "./api.js";

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, account: Account, returnTo?: string): Promise<void> {
  await page.goto(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in");
  await page.getByLabel("E-mail address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as ${account.displayName}`).waitFor();
}

/** The auction room's parts, found the way a person (or a screen reader) finds them. */
export function room(page: Page) {
  return {
    /** Labelled "Current price" while live, "Sold for" or "Closing price" once closed. */
    price: page.getByLabel(/^(Current price|Sold for|Closing price)$/),
    bidBox: page.getByLabel("Your bid (USD)"),
    placeBid: page.getByRole("button", { name: "Place bid" }),
    maxBox: page.getByLabel("Your maximum (USD)"),
    setAutoBid: page.getByRole("button", { name: "Set auto-bid" }),
    history: page.getByRole("list", { name: "Bid history" }).getByRole("listitem"),
    countdown: page.getByRole("timer"),
    reconnecting: page.getByRole("status").filter({ hasText: /reconnecting/i }),
    alert: (text: string | RegExp) => page.getByRole("alert").filter({ hasText: text }),
    status: (text: string | RegExp) => page.getByRole("status").filter({ hasText: text }),
  };
}

/** Opens an auction's room and waits until it is live (the bid box is pre-filled with the minimum). */
export async function openRoom(page: Page, auctionId: string): Promise<ReturnType<typeof room>> {
  await page.goto(`/auctions/${auctionId}`);
  const r = room(page);
  await r.price.waitFor();
  return r;
}

/** Types an amount into the bid box and submits it. */
export async function bid(r: ReturnType<typeof room>, dollars: string): Promise<void> {
  await r.bidBox.fill(dollars);
  await r.placeBid.click();
}

/** The countdown as seconds ("01:05" -> 65). */
export async function secondsLeft(countdown: Locator): Promise<number> {
  const text = (await countdown.textContent())?.trim() ?? "";
  const match = /^(?:(\d+)d )?(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`not a countdown: "${text}"`);
  const [, d = "0", h = "0", m = "0", s = "0"] = match;
  return Number(d) * 86_400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** How the room labels another bidder: "Bidder" and the last four letters/digits of their id. */
export const labelFor = (account: Account) =>
  `Bidder ${account.id
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase()
    .slice(-4)}`;

/**
 * Waits until `read()` gives `expected`, and fails unless that happened within `ms` of the call
 * (measured: expect.poll alone allows one last attempt after its timeout).
 */
export async function expectWithin(ms: number, read: () => Promise<string | null>, expected: string): Promise<void> {
  const start = performance.now();
  await expect.poll(read, { timeout: ms, interval: 25 }).toBe(expected);
  expect(performance.now() - start, `"${expected}" took longer than ${ms} ms`).toBeLessThanOrEqual(ms);
}
