/** After the close: the winner pays from the web page, and the seller sees the payout. */
import { describe, expect, inject, it } from "vitest";
import { inSeconds } from "../../dev-runner/test/integration/harness.js";
import { bidViaApi, openAuction } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { castOfThree } from "../support/cast.js";
import { openRoom } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
const cast = castOfThree(gatewayUrl);

describe("paying for a won auction", () => {
  it("asks the winner to pay, who tops up from the room's link, and shows the seller the payout", async () => {
    const [alicePage, sellerPage] = await Promise.all([cast.person(cast.alice), cast.person(cast.seller)]);
    const listing = await openAuction(gatewayUrl, cast.seller, { title: "Copper kettle", endsAt: inSeconds(8) });
    await bidViaApi(gatewayUrl, cast.alice, listing.id, 2_000);
    await Promise.all([openRoom(alicePage, listing.id), openRoom(sellerPage, listing.id)]);

    // Alice's wallet is empty: the room says what is due and by when, with a way to pay.
    const due = alicePage.locator("[data-settlement-status=awaiting-payment]");
    await due.waitFor({ timeout: 60_000 });
    expect(await due.textContent()).toMatch(/^Payment due: \$22\.00 by /);
    await sellerPage.getByText(/Waiting for the winner's payment/).waitFor();
    await screenshot(alicePage, "room-payment-due");

    // Won items says the same, with the way back to pay.
    await alicePage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Won" }).click();
    const won = alicePage.locator(".won-item").filter({ hasText: "Copper kettle" });
    await won.getByText(/^Payment due: \$22\.00 by /).waitFor();
    await won.getByText("Won for $20.00").waitFor();
    await screenshot(alicePage, "won-items-payment-due");
    await won.getByRole("link", { name: "Pay now for Copper kettle" }).click();
    await alicePage.waitForURL(new RegExp(`/auctions/${listing.id}$`));

    await alicePage.getByRole("link", { name: "Add funds to your wallet" }).click();
    await alicePage.getByRole("heading", { name: "Wallet" }).waitFor();
    await alicePage.getByLabel("Amount (USD)").fill("25");
    await alicePage.getByRole("button", { name: "Add funds" }).click();
    await alicePage.getByRole("status").filter({ hasText: "Added $25.00." }).waitFor();

    // The saga takes the money on its own; back in the room it is paid, and the seller's payout shows.
    await alicePage.goBack();
    await alicePage.getByText("Paid: $22.00. It's yours.").waitFor({ timeout: 30_000 });
    await sellerPage.getByText("Sold and paid: $19.00 is booked to you ($20.00 less the platform fee).").waitFor({ timeout: 30_000 });
    await screenshot(sellerPage, "room-payout");
    // My sales: the seller's own list says the same.
    await sellerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sell" }).click();
    const sale = sellerPage.getByRole("article", { name: "Copper kettle" });
    await sale.getByText("Final price $20.00.").waitFor();
    await sale.getByText("Sold and paid: $19.00 is booked to you ($20.00 less the platform fee).").waitFor();
    await alicePage.getByRole("link", { name: "Wallet" }).click();
    await alicePage.locator("[data-balance=available]").filter({ hasText: "$3.00" }).waitFor();
    await alicePage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Won" }).click();
    await alicePage
      .locator(".won-item[data-status=completed]")
      .filter({ hasText: "Copper kettle" })
      .getByText("Paid: $22.00. It's yours.")
      .waitFor();
  });
});
