import { describe, expect, inject, it } from "vitest";
import { inSeconds } from "../../dev-runner/test/integration/harness.js";
import { openAuction } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { castOfThree } from "../support/cast.js";
import { bid, labelFor, openRoom, secondsLeft } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
const cast = castOfThree(gatewayUrl);

describe("anti-sniping and closing", () => {
  it("extends the countdown after a bid in the last seconds, then shows the winner and everyone else the result", async () => {
    const [alicePage, bobPage, sellerPage] = await Promise.all([cast.person(cast.alice), cast.person(cast.bob), cast.person(cast.seller)]);
    // Ends in 15 s; a bid in the last 10 s pushes the end to 20 s after that bid.
    const listing = await openAuction(gatewayUrl, cast.seller, {
      title: "Last-second violin",
      endsAt: inSeconds(15),
      antiSniping: { windowSeconds: 10, extensionSeconds: 20 },
    });
    const [aliceRoom, bobRoom, sellerRoom] = await Promise.all([
      openRoom(alicePage, listing.id),
      openRoom(bobPage, listing.id),
      openRoom(sellerPage, listing.id),
    ]);
    expect(await sellerPage.getByText("This is your auction").isVisible()).toBe(true);

    // Wait until the countdown is inside the anti-sniping window, then bid.
    await expect.poll(() => secondsLeft(bobRoom.countdown), { timeout: 15_000, interval: 200 }).toBeLessThanOrEqual(8);
    const before = await secondsLeft(bobRoom.countdown);
    await bid(aliceRoom, "10.00");
    await aliceRoom.status("Your bid of $10.00 is the highest bid.").waitFor();

    // Everyone's countdown jumps forward, and the room says why.
    await expect.poll(() => secondsLeft(bobRoom.countdown), { timeout: 2000, interval: 100 }).toBeGreaterThanOrEqual(15);
    expect(before).toBeLessThanOrEqual(8);
    await bobPage.getByText(/Bidding extended: a late bid moved the end to/).waitFor();
    await screenshot(bobPage, "room-extended");

    // Bob answers, Alice takes it back; then bidding ends.
    await bid(bobRoom, "11.00");
    await bobRoom.status("Your bid of $11.00 is the highest bid.").waitFor();
    await bid(aliceRoom, "12.00");
    await aliceRoom.status("Your bid of $12.00 is the highest bid.").waitFor();

    const won = alicePage.getByText("Auction ended — You won!");
    await won.waitFor({ timeout: 60_000 });
    expect(await alicePage.getByText("You won this auction for $12.00.").isVisible()).toBe(true);
    await bobPage.getByText(`Auction ended — Sold to ${labelFor(cast.alice)}`).waitFor();
    await sellerPage.getByText(`Auction ended — Sold to ${labelFor(cast.alice)}`).waitFor();
    // Bidding controls are gone once it closed.
    expect(await aliceRoom.bidBox.count()).toBe(0);
    expect(await bobRoom.countdown.count()).toBe(0);
    await screenshot(alicePage, "room-you-won");
    await screenshot(bobPage, "room-sold-to-other");
    expect(await sellerRoom.price.textContent()).toBe("$12.00");
    // After the close nobody is told "Current price" or "You're the highest bidder" any more.
    expect(await sellerPage.getByLabel("Sold for").textContent()).toBe("$12.00");
    expect(await alicePage.getByText("Current price", { exact: true }).count()).toBe(0);
    expect(await alicePage.getByText("You're the highest bidder").count()).toBe(0);
    expect(await alicePage.getByText("You won this auction", { exact: true }).isVisible()).toBe(true);
  });

  it("shows no sale when nobody bid, also to someone who opens the room after the close", async () => {
    const listing = await openAuction(gatewayUrl, cast.seller, { title: "Unloved vase", endsAt: inSeconds(6) });
    const watcher = await cast.person();
    await openRoom(watcher, listing.id);
    await watcher.getByText("Auction ended — No sale").waitFor({ timeout: 30_000 });
    expect(await watcher.getByText("The auction ended without bids.").isVisible()).toBe(true);

    const late = await cast.person(cast.bob);
    await late.goto(`/auctions/${listing.id}`);
    await late.getByText("Auction ended — No sale").waitFor();
    expect(await late.getByLabel("Your bid (USD)").count()).toBe(0);
    await screenshot(late, "room-no-sale");
  });
});
