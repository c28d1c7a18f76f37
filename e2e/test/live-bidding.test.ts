/**
 * Two bidders, each in their own browser profile, bid against each other in one auction room:
 * each sees the other's bid within a second, the outbid bidder gets a toast, and refused bids
 * say why.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openAuction } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { castOfThree } from "../support/cast.js";
import { bid, expectWithin, labelFor, openRoom, type room } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
const cast = castOfThree(gatewayUrl);

describe("two bidders in one auction room", () => {
  let alicePage: Page;
  let bobPage: Page;
  let aliceRoom: ReturnType<typeof room>;
  let bobRoom: ReturnType<typeof room>;

  beforeAll(async () => {
    const listing = await openAuction(gatewayUrl, cast.seller, {
      title: "Brass telescope",
      description: "A 1920s brass telescope with its original case.",
      imageUrls: ["/favicon.svg"],
      startingPrice: 1000,
      incrementRule: { kind: "fixed", amount: 100 },
    });
    [alicePage, bobPage] = await Promise.all([cast.person(cast.alice), cast.person(cast.bob)]);
    [aliceRoom, bobRoom] = await Promise.all([openRoom(alicePage, listing.id), openRoom(bobPage, listing.id)]);
  });

  it("opens with the starting price, and the bid box pre-filled with the minimum bid", async () => {
    expect(await aliceRoom.price.textContent()).toBe("$10.00");
    expect(await aliceRoom.bidBox.inputValue()).toBe("10.00");
    expect(await bobPage.getByText("No bids yet — be the first.").isVisible()).toBe(true);
    await screenshot(alicePage, "room-before-bids");
  });

  it("shows each bidder the other's bid within one second of its acknowledgement", async () => {
    // Above the starting price, so the change on Bob's screen can only come from Alice's bid.
    await bid(aliceRoom, "12.00");
    await aliceRoom.status("Your bid of $12.00 is the highest bid.").waitFor();
    await expectWithin(1000, () => bobRoom.price.textContent(), "$12.00");
    expect(await bobRoom.history.first().textContent()).toContain(labelFor(cast.alice));
    expect(await bobPage.getByText(`Highest bidder: ${labelFor(cast.alice)}`).isVisible()).toBe(true);
    // Bob's bid box followed the minimum.
    expect(await bobRoom.bidBox.inputValue()).toBe("13.00");

    await bid(bobRoom, "13.00");
    await bobRoom.status("Your bid of $13.00 is the highest bid.").waitFor();
    await expectWithin(1000, () => aliceRoom.price.textContent(), "$13.00");
    // Alice's "highest bid" confirmation is no longer true, so it is gone.
    expect(await aliceRoom.status("Your bid of $12.00 is the highest bid.").count()).toBe(0);
    expect(await aliceRoom.history.allTextContents()).toEqual([
      expect.stringContaining(`${labelFor(cast.bob)}$13.00`),
      expect.stringContaining("You$12.00"),
    ]);
    expect(await bobPage.getByText("You're the highest bidder").isVisible()).toBe(true);
  });

  it("tells the outbid bidder with a toast", async () => {
    const toast = aliceRoom.alert("You've been outbid!");
    await toast.waitFor();
    expect(await toast.textContent()).toContain("The price is now $13.00.");
    await screenshot(alicePage, "room-outbid-toast");
    await alicePage.getByRole("button", { name: "Bid again" }).click();
    // "Bid again" puts the keyboard in the bid box.
    expect(await alicePage.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("amount");
    expect(await toast.count()).toBe(0);
  });

  it("says why a bid below the minimum was refused", async () => {
    await bid(aliceRoom, "13.50");
    const refusal = aliceRoom.alert("Your bid is too low.");
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe("Your bid is too low. The minimum bid is now $14.00.");
    expect(await aliceRoom.price.textContent()).toBe("$13.00");
    await screenshot(alicePage, "room-bid-refused");
  });

  it("says why the leader cannot bid again", async () => {
    await bid(bobRoom, "15.00");
    await bobRoom.alert("You're already the highest bidder").waitFor();
    expect(await bobRoom.price.textContent()).toBe("$13.00");
  });

  it("bids for a bidder automatically up to their maximum", async () => {
    await aliceRoom.maxBox.fill("20.00");
    await aliceRoom.setAutoBid.click();
    await aliceRoom.status("Auto-bid is on: we'll bid for you up to $20.00.").waitFor();
    await expectWithin(1000, () => bobRoom.price.textContent(), "$14.00");

    // Bob bids; Alice's auto-bid answers at once, and Bob sees it marked "auto".
    await bid(bobRoom, "15.00");
    await bobRoom.status(/another bidder's auto-bid is higher/).waitFor();
    await expectWithin(1000, () => bobRoom.price.textContent(), "$16.00");
    expect(await bobRoom.history.first().textContent()).toMatch(new RegExp(`^${labelFor(cast.alice)}\\$16\\.00.*auto$`));
    expect(await aliceRoom.history.first().textContent()).toMatch(/^You\$16\.00.*auto$/);
  });
});

describe("a signed-out visitor", () => {
  it("watches the room, and is asked to sign in before bidding", async () => {
    const listing = await openAuction(gatewayUrl, cast.seller, { title: "Signed-out view lamp" });
    const page = await cast.person();
    const r = await openRoom(page, listing.id);
    expect(await r.price.textContent()).toBe("$10.00");
    expect(await r.bidBox.count()).toBe(0);
    await page.getByRole("link", { name: "Sign in" }).last().click();
    await page.getByLabel("E-mail address").fill(cast.bob.email);
    await page.getByLabel("Password").fill(cast.bob.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back in the same room, now able to bid.
    await r.bidBox.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/auctions/${listing.id}`);
  });
});
