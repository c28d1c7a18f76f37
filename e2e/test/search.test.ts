/**
 * Finding auctions on the list page through search: a misspelled word still finds a seller's
 * lot, a price range keeps or drops it, "Ending soonest" puts the sooner one first, and its card
 * shows the current bid once someone has bid (the list refreshes itself every few seconds, and a
 * reload shows the same list; live updates pushed to the list are a later step).
 */
import type { Listing, SearchResult } from "@auction-mesh/contracts";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { inSeconds, json, until } from "../../dev-runner/test/integration/harness.js";
import { bidViaApi, openAuction, uniqueTitle } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { castOfThree } from "../support/cast.js";
import { secondsLeft } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
const cast = castOfThree(gatewayUrl);

/** A made-up word of eight letters that no other lot has: "Bavikoru". */
function uniqueWord(): string {
  const pick = (letters: string) => letters[Math.floor(Math.random() * letters.length)];
  const word = Array.from({ length: 4 }, () => `${pick("bdfgklmnprstvz")}${pick("aeiou")}`).join("");
  return word[0]?.toUpperCase() + word.slice(1);
}

const word = uniqueWord();
/** One letter dropped from the middle: "Bavkoru" (one typo, which search forgives). */
const misspelled = word.slice(0, 3) + word.slice(4);
const musicBox = `${word} music box`;
const pocketWatch = `${word} pocket watch`;
const teapot = uniqueTitle("Plain teapot");
let later: Listing;
let page: Page;
/** Every search the page asked the API for (to prove a wrong price is never sent). */
const searches: URL[] = [];

/** Search is fed by events: a lot appears a moment after it is published. */
async function waitUntilSearchFinds(q: string, count: number) {
  await until(
    `search to find ${count} lots for "${q}"`,
    async () => (await json<SearchResult>(`${gatewayUrl}/api/search?q=${encodeURIComponent(q)}`)).body.total === count,
    15_000,
    250,
  );
}

const cardTitles = () =>
  page.getByRole("list", { name: "Auctions" }).getByRole("article").getByRole("heading", { level: 3 }).allTextContents();

beforeAll(async () => {
  // $10 and $40; the pocket watch ends first. A third lot without the word is not found.
  [later] = await Promise.all([
    openAuction(gatewayUrl, cast.seller, { title: musicBox, category: "art", startingPrice: 1000, endsAt: inSeconds(900) }),
    openAuction(gatewayUrl, cast.seller, { title: pocketWatch, category: "art", startingPrice: 4000, endsAt: inSeconds(480) }),
    openAuction(gatewayUrl, cast.seller, { title: teapot, category: "home", startingPrice: 2000, endsAt: inSeconds(600) }),
  ]);
  await waitUntilSearchFinds(word, 2);
  await waitUntilSearchFinds(teapot, 1);
  page = await cast.person();
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === "/api/search") searches.push(url);
  });
});

describe("searching the auction list", () => {
  it("finds a lot by a misspelled word, with its price, bids, time left and category count", async () => {
    await page.goto("/");
    await page.getByLabel("Search").fill(misspelled);
    await page.waitForURL((url) => url.searchParams.get("q") === misspelled);
    await expect.poll(async () => (await cardTitles()).sort()).toEqual([musicBox, pocketWatch].sort());
    expect(await page.getByRole("status").filter({ hasText: "auctions found" }).textContent()).toBe("2 auctions found");
    const card = page.getByRole("article", { name: musicBox });

    expect(await card.getByRole("link", { name: musicBox }).getAttribute("href")).toBe(`/auctions/${later.id}`);
    expect(await card.getByText("Starting at $10.00").isVisible()).toBe(true);
    expect(await card.getByText("No bids yet").isVisible()).toBe(true);
    const left = await secondsLeft(card.getByRole("timer"));
    expect(left).toBeGreaterThan(600);
    expect(left).toBeLessThanOrEqual(900);
    expect(await card.getByText("Ends in", { exact: true }).isVisible()).toBe(true);
    // The category choices count the matches.
    await expect.poll(() => page.getByLabel("Category").locator("option", { hasText: "Art (2)" }).count()).toBe(1);
    // Best match is the order while there are words.
    expect(await page.getByLabel("Sort by").locator("option:checked").textContent()).toBe("Best match");
    await screenshot(page, "search-misspelled");
  });

  it("keeps it within a price range that includes it, and drops it from one that does not", async () => {
    await page.getByLabel("Min price (USD)").fill("5");
    await page.getByLabel("Max price (USD)").fill("20");
    await page.getByRole("status").filter({ hasText: "1 auction found" }).waitFor();
    expect(await cardTitles()).toEqual([musicBox]);
    const url = new URL(page.url());
    expect([url.searchParams.get("min"), url.searchParams.get("max")]).toEqual(["5", "20"]);

    // Not an amount: said next to the box, and never sent (the list keeps the last good range).
    const before = searches.length;
    await page.getByLabel("Max price (USD)").fill("20 dollars");
    await page.getByText("Enter dollars, like 10 or 10.50.").waitFor();
    expect(await page.getByLabel("Max price (USD)").getAttribute("aria-invalid")).toBe("true");
    await page.waitForTimeout(600);
    expect(
      searches
        .slice(before)
        .map((u) => u.searchParams.get("maxPrice"))
        .filter((max) => max !== "2000"),
    ).toEqual([]);
    expect(new URL(page.url()).searchParams.get("max")).toBe("20");
    expect(await cardTitles()).toEqual([musicBox]);
    await screenshot(page, "search-price-invalid");

    await page.getByLabel("Min price (USD)").fill("30.50");
    await page.getByLabel("Max price (USD)").fill("");
    await page.getByRole("status").filter({ hasText: "1 auction found" }).waitFor();
    await expect.poll(cardTitles).toEqual([pocketWatch]);
    expect(await page.getByRole("article", { name: musicBox }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("min")).toBe("30.50");
    expect(await page.getByText("Enter dollars").count()).toBe(0);

    await page.getByLabel("Min price (USD)").fill("");
    await page.getByRole("status").filter({ hasText: "2 auctions found" }).waitFor();
  });

  it("sorts by lowest price, then by ending soonest (the sooner one first)", async () => {
    await page.getByLabel("Sort by").selectOption({ label: "Lowest price" });
    await expect.poll(cardTitles).toEqual([musicBox, pocketWatch]);
    await page.getByLabel("Sort by").selectOption({ label: "Ending soonest" });
    await expect.poll(cardTitles).toEqual([pocketWatch, musicBox]);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("ending-soonest");
    await screenshot(page, "search-ending-soonest");
  });

  it("moves the card's current bid and bid count live after a bid, with no reload", async () => {
    // The list may not ask search again meanwhile: the new figures can only come over the socket
    // (cards:update, at most one a second per auction).
    await page.route("**/api/search**", (route) => route.abort());
    const placed = await bidViaApi(gatewayUrl, cast.alice, later.id, 1200);
    expect(placed.body.accepted).toBe(true);
    const card = page.getByRole("article", { name: musicBox });
    await card.getByText("Current bid $12.00").waitFor({ timeout: 10_000 });
    await page.unroute("**/api/search**");
    expect(await card.getByText("1 bid", { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole("article", { name: pocketWatch }).getByText("Starting at $40.00").isVisible()).toBe(true);
    await screenshot(page, "search-current-bid");

    // A reload shows the same list: the words, the order and the bid.
    // A reload asks search again: wait until search itself has the bid (its index follows the
    // events a moment later; the socket was quicker), then the list shows the same.
    const searched = async () =>
      (await (await fetch(`${gatewayUrl}/api/search?q=${encodeURIComponent(misspelled)}`)).json()) as SearchResult;
    await expect.poll(async () => (await searched()).items.find((i) => i.id === later.id)?.bidCount, { timeout: 15_000 }).toBe(1);
    await page.reload();
    await card.getByText("Current bid $12.00").waitFor();
    expect(await cardTitles()).toEqual([pocketWatch, musicBox]);
    expect(await page.getByLabel("Search").inputValue()).toBe(misspelled);
    expect(await page.getByLabel("Sort by").locator("option:checked").textContent()).toBe("Ending soonest");
  });
});
