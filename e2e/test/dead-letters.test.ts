import type { DeadLetter, DeadLetterList } from "@auction-mesh/contracts";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json, meshTokens, until } from "../../dev-runner/test/integration/harness.js";
import { lowContrastText, unlabelledControls } from "../support/accessibility.js";
import { type Account, adminAccount, createAccount } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { launchBrowser, newPerson } from "../support/browser.js";
import { signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
const contexts: BrowserContext[] = [];
let admin: Account;
let letters: DeadLetter[];
const auctionId = `poison-e2e-${Date.now().toString(36)}`;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await adminAccount(gatewayUrl, inject("adminEmail"));

  const token = meshTokens(inject("meshStateDir")).dapr;
  const published = await fetch(`http://127.0.0.1:${inject("biddingDaprHttpPort")}/v1.0/publish/pubsub/auction.events`, {
    method: "POST",
    headers: { "content-type": "application/json", "dapr-api-token": token },
    body: JSON.stringify({ type: "bid-placed", auctionId, sequence: 1, at: new Date().toISOString(), amount: "a lot" }),
  });
  if (published.status !== 204) throw new Error(`publish: ${published.status}`);
  letters = await until(
    "every subscriber's dead letter (catalogue, gateway, notifications, search, audit)",
    async () => {
      const list = await json<DeadLetterList>(`${gatewayUrl}/api/admin/dead-letters?status=waiting`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      const mine = list.body.items.filter((d) => (d.payload as { auctionId?: string } | null)?.auctionId === auctionId);
      return mine.length === 5 && mine;
    },
    30_000,
  );
});

afterAll(async () => {
  // The catalogue's database is shared by every mesh on the machine: leave nothing waiting.
  for (const d of letters ?? []) {
    await json(`${gatewayUrl}/api/admin/dead-letters/${d.id}/discard`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}` },
    });
  }
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe("dead letters page", () => {
  it("lists a poison message with its reason; the admin discards one and is told why the other cannot be replayed", async () => {
    const { context, page } = await newPerson(browser, gatewayUrl);
    contexts.push(context);
    await signIn(page, admin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dead letters" }).click();
    await page.getByRole("heading", { name: "Dead letters" }).waitFor();

    const [first, second] = letters as [DeadLetter, DeadLetter];
    const row = (d: DeadLetter) => page.locator(`tr[data-dead-letter="${d.id}"]`);
    await row(first).waitFor();
    for (const d of letters) {
      const text = await row(d).textContent();
      expect(text).toContain(d.app);
      expect(text).toContain("auction.events");
      expect(text).toContain("contract-violation");
      expect(text).toContain(`so ${d.app} dropped it`);
      expect(text).toContain("waiting");
    }
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await lowContrastText(page)).toEqual([]);
    await screenshot(page, "dead-letters");

    await page.getByRole("button", { name: `Discard dead letter ${first.id}` }).click();
    await page.getByRole("status").filter({ hasText: "Discarded." }).waitFor();
    await row(first).waitFor({ state: "detached" });

    await page.getByRole("button", { name: `Replay dead letter ${second.id}` }).click();
    await page.getByRole("alert").filter({ hasText: "still breaks its topic's contract" }).waitFor();
    await row(second).waitFor();

    await page.getByLabel("Status").selectOption({ label: "Discarded" });
    await row(first).waitFor();
    expect(await row(first).textContent()).toContain("discarded");
    expect(await row(first).getByRole("button").count()).toBe(0);
  });

  it("is not for bidders", async () => {
    const bidder = await createAccount(gatewayUrl, "Ivo");
    const { context, page } = await newPerson(browser, gatewayUrl);
    contexts.push(context);
    await signIn(page, bidder);
    expect(await page.getByRole("link", { name: "Dead letters" }).count()).toBe(0);
    await page.goto("/admin/dead-letters");
    await page.getByText("Only admins can see dead letters.").waitFor();
  });
});
