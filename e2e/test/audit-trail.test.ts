/**
 * An admin reads an auction's audit trail (audit, the Go service, through the gateway): the
 * bids placed in a live auction are there in the order they were placed, and the hash chain
 * verifies.
 */
import type { Listing } from "@auction-mesh/contracts";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { json, until } from "../../dev-runner/test/integration/harness.js";
import { lowContrastText, unlabelledControls } from "../support/accessibility.js";
import { type Account, adminAccount, bidViaApi, openAuction, uniqueTitle } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { castOfThree } from "../support/cast.js";
import { openRoom } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
const cast = castOfThree(gatewayUrl);
let admin: Account;
let listing: Listing;
/** The bids placed, in order: who and how much (cents). */
let placed: { bidderId: string; amount: number }[];

beforeAll(async () => {
  admin = await adminAccount(gatewayUrl, inject("adminEmail"));
  listing = await openAuction(gatewayUrl, cast.seller, { title: uniqueTitle("Audited clock"), startingPrice: 1000 });
  placed = [
    { bidderId: cast.alice.id, amount: 1000 },
    { bidderId: cast.bob.id, amount: 1200 },
    { bidderId: cast.alice.id, amount: 1500 },
  ];
  for (const { bidderId, amount } of placed) {
    const bidder = bidderId === cast.alice.id ? cast.alice : cast.bob;
    const res = await bidViaApi(gatewayUrl, bidder, listing.id, amount);
    if (!res.body.accepted) throw new Error(`bid of ${amount}: ${res.status} ${JSON.stringify(res.body)}`);
  }
});

/** The trail's rows, and the bid rows among them. */
const rows = (page: Page) => page.locator("tr[data-audit-seq]");
const bidRows = (page: Page) => rows(page).filter({ hasText: "bid-placed" });

describe("an auction's audit trail", () => {
  it("lists the bids in the order they were placed, with the chain intact", async () => {
    const page = await cast.person(admin);
    await openRoom(page, listing.id);
    await page.getByRole("link", { name: "Audit trail", exact: true }).click();
    await page.getByRole("heading", { name: "Audit trail" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/audit/${listing.id}`);

    // audit records each fact as its sidecar delivers it: check again until every bid is in.
    const checkAgain = page.getByRole("button", { name: "Check again" });
    await until(
      `audit to record the ${placed.length} bids`,
      async () => {
        if ((await bidRows(page).count()) >= placed.length) return true;
        await checkAgain.click();
        await page.getByRole("button", { name: "Check again", disabled: false }).waitFor();
        return false;
      },
      30_000,
      500,
    );

    // The bids, each once, in the order they were placed (their payloads, expanded).
    const shown: { bidderId: string; amount: number }[] = [];
    const bidSeqs = await bidRows(page).evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-audit-seq"))));
    expect(bidSeqs).toHaveLength(placed.length);
    for (const seq of bidSeqs) {
      const toggle = page.getByRole("button", { name: `Payload of entry ${seq}`, exact: true });
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      const payload = JSON.parse((await page.locator(`#audit-entry-${seq} pre`).textContent()) ?? "") as Record<string, unknown>;
      expect(payload).toMatchObject({ type: "bid-placed", auctionId: listing.id });
      shown.push({ bidderId: payload.bidderId as string, amount: payload.amount as number });
    }
    expect(shown).toEqual(placed);

    // Every entry in the chain's order, and bidding's sequence ascending with it.
    const seqs = await rows(page).evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-audit-seq"))));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const facts = await bidRows(page).locator("td:nth-child(4)").allTextContents();
    const sequences = facts.map((f) => Number(/^bid-placed:(\d+)$/.exec(f)?.[1]));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(placed.length);

    // The whole chain checked, and nothing alarming.
    const verdict = page.getByRole("status").filter({ hasText: /^Chain intact: / });
    expect(await verdict.textContent()).toBe(`Chain intact: ${seqs.length} ${seqs.length === 1 ? "entry" : "entries"} checked`);
    expect(await page.getByRole("alert").count()).toBe(0);
    // The head hash is the last entry's hash (shortened in the table, whole in its title).
    const lastHash = await rows(page).last().locator("td:nth-child(6) code").getAttribute("title");
    expect(lastHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator(".audit__facts code").textContent()).toBe(lastHash);
    expect(await rows(page).last().locator("td:nth-child(6) code").textContent()).toBe(`${lastHash?.slice(0, 12)}…`);

    expect(await unlabelledControls(page)).toEqual([]);
    expect(await lowContrastText(page)).toEqual([]);
    await screenshot(page, "audit-trail");
  });

  it("finds an auction from its link pasted into the form", async () => {
    const page = await cast.person(admin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit", exact: true }).click();
    await page.getByRole("heading", { name: "Audit trail" }).waitFor();
    await page.getByLabel("Auction id").fill(`${gatewayUrl}/auctions/${listing.id}`);
    await page.getByRole("button", { name: "Show audit trail" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /^Chain intact: / })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe(`/admin/audit/${listing.id}`);
    expect(await bidRows(page).count()).toBeGreaterThanOrEqual(placed.length);
  });

  it("is not for bidders", async () => {
    const page = await cast.person(cast.bob);
    await openRoom(page, listing.id);
    expect(await page.getByRole("link", { name: "Audit trail" }).count()).toBe(0);
    await page.goto(`/admin/audit/${listing.id}`);
    await page.getByText("Only admins can see audit trails.").waitFor();
    const api = await json(`${gatewayUrl}/api/admin/auctions/${listing.id}/audit`, {
      headers: { authorization: `Bearer ${cast.bob.token}` },
    });
    expect(api.status).toBe(403);
  });
});
