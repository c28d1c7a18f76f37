/** The watchlist: a bidder watches a lot from its room, finds it on their watchlist with its price, and stops watching. */
import { describe, expect, inject, it } from "vitest";
import { bidViaApi, openAuction, uniqueTitle } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { castOfThree } from "../support/cast.js";
import { openRoom } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
const cast = castOfThree(gatewayUrl);

describe("the watchlist", () => {
  it("keeps a watched lot with its current bid, and lets the person stop watching", async () => {
    const page = await cast.person(cast.alice);
    const title = uniqueTitle("Enamel sign");
    const listing = await openAuction(gatewayUrl, cast.seller, { title });
    await openRoom(page, listing.id);

    const watch = page.getByRole("button", { name: "☆ Watch" });
    await watch.click();
    const watching = page.getByRole("button", { name: "★ Watching" });
    await watching.waitFor();
    expect(await watching.getAttribute("aria-pressed")).toBe("true");
    // Someone else bids: the watchlist shows the bid, not the starting price.
    await bidViaApi(gatewayUrl, cast.bob, listing.id, listing.startingPrice + 700);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Watchlist" }).click();
    await page.getByRole("heading", { name: "Watchlist" }).waitFor();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: title }) });
    await row.waitFor();
    expect(await row.getByRole("cell").allTextContents()).toEqual([
      title,
      "Live",
      `Current bid $${((listing.startingPrice + 700) / 100).toFixed(2)}`,
      "1",
      expect.any(String),
      `Stop watching ${title}`,
    ]);
    await screenshot(page, "watchlist");

    await row.getByRole("button", { name: `Stop watching ${title}` }).click();
    await row.waitFor({ state: "detached" });
    // Still gone after a reload: the server forgot it, not just the page.
    await page.reload();
    await page.getByRole("heading", { name: "Watchlist" }).waitFor();
    await page.getByText("You are not watching anything.").waitFor();
    await openRoom(page, listing.id);
    await page.getByRole("button", { name: "☆ Watch" }).waitFor();
  });
});
