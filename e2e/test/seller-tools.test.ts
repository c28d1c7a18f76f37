/**
 * The seller's tools: a form that reports every error at once and focuses the first; steps by
 * price and a set start and end (in the seller's time zone, sent with its offset); editing a
 * draft, which sends only what changed; the seller's own reserve, which a bidder never sees;
 * and an edit the API refuses because the auction went live meanwhile.
 */
import type { Listing } from "@auction-mesh/contracts";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json, testListing, until } from "../../dev-runner/test/integration/harness.js";
import { horizontalOverflow, lowContrastText, unlabelledControls } from "../support/accessibility.js";
import { type Account, createAccount, uniqueTitle } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { DESKTOP, launchBrowser, newPerson, PHONE } from "../support/browser.js";
import { testPhoto } from "../support/photos.js";
import { signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
/** The seller's browser runs in New York time: what they type is that wall-clock time. */
const SELLER_ZONE = "America/New_York";
let browser: Browser;
const contexts: BrowserContext[] = [];
let page: Page;
let bidderPage: Page;
let seller: Account;
let bidder: Account;
const title = uniqueTitle("Brass telescope");
const editedTitle = `${title} (restored)`;
let auctionId = "";

const MINUTE = 60_000;
/** Bidding starts at a whole minute at least 10 minutes ahead (datetime-local is to the minute), and ends 3 hours later. */
const startMs = Math.ceil(Date.now() / MINUTE) * MINUTE + 10 * MINUTE;
const endMs = startMs + 180 * MINUTE;

/** An instant as a datetime-local value in the seller's zone ("2026-11-24T19:30"). */
function sellerLocal(ms: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: SELLER_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`;
}

const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute("name") ?? document.activeElement?.id ?? null);
const invalid = async (label: string) => page.getByLabel(label, { exact: true }).getAttribute("aria-invalid");
/** The text of the message an input's aria-describedby points at (the field's error, after any hint). */
const describedError = (label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id))
      .filter((e) => e?.classList.contains("field__error"))
      .map((e) => e?.textContent)
      .join(" "),
  );
const sentBody = (request: Request) => request.postDataJSON() as Record<string, unknown>;

beforeAll(async () => {
  browser = await launchBrowser();
  [seller, bidder] = await Promise.all([createAccount(gatewayUrl, "Selma", "seller"), createAccount(gatewayUrl, "Bruno")]);
  const sellerContext = await browser.newContext({ baseURL: gatewayUrl, viewport: DESKTOP, timezoneId: SELLER_ZONE });
  sellerContext.setDefaultTimeout(15_000);
  contexts.push(sellerContext);
  page = await sellerContext.newPage();
  const other = await newPerson(browser, gatewayUrl);
  contexts.push(other.context);
  bidderPage = other.page;
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe("the seller's tools", () => {
  it("reports every error of a wrong form at once, next to each field, and focuses the first", async () => {
    await signIn(page, seller, "/sell");
    await page.getByRole("heading", { name: "Sell an item" }).waitFor();
    await page.getByLabel("Starting price (USD)").fill("ten");
    await page.getByLabel("Bid step (USD)").fill("0");
    await page.getByRole("radio", { name: "At an end time I choose" }).check();
    await page.getByLabel("End time", { exact: true }).fill(sellerLocal(Date.now() - 60 * MINUTE));
    await page.getByRole("button", { name: "Create draft" }).click();

    await page.getByRole("alert").filter({ hasText: "Check the highlighted fields. 5 fields need a change." }).waitFor();
    const expected: [string, string][] = [
      ["Title", "Enter a title."],
      ["Category", "Choose a category."],
      ["Starting price (USD)", "Enter a starting price in dollars, like 20 or 19.99."],
      ["Bid step (USD)", "Enter the bid step in dollars, like 1 or 0.50."],
      ["End time", "Choose an end time in the future."],
    ];
    for (const [label, message] of expected) {
      expect(await invalid(label), label).toBe("true");
      expect(await describedError(label), label).toBe(message);
    }
    expect(await invalid("Description")).toBeNull();
    expect(await focusedName()).toBe("title");
    await screenshot(page, "sell-form-all-errors");

    // Fixing the first moves the focus, on the next try, to the first still wrong.
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("alert").filter({ hasText: "4 fields need a change." }).waitFor();
    expect(await focusedName()).toBe("category");
    expect(await invalid("Title")).toBeNull();
  });

  it("creates a draft with steps by price and a set start and end", async () => {
    await page.getByLabel("Description").fill("Victorian brass telescope, tripod included.");
    await page.getByLabel("Category").selectOption({ label: "Collectibles" });
    await page.getByLabel("Photos", { exact: true }).setInputFiles(await testPhoto("telescope.png"));
    await page.getByRole("list", { name: "Chosen photos" }).getByRole("img", { name: "Photo 1" }).waitFor();
    await page.getByLabel("Starting price (USD)").fill("25");
    await page.getByLabel("Reserve price (USD, optional)").fill("40");

    await page.getByRole("radio", { name: "Steps by price" }).check();
    const firstFrom = page.getByLabel("From price (USD), row 1");
    expect(await firstFrom.inputValue()).toBe("0.00");
    expect(await firstFrom.getAttribute("readonly")).not.toBeNull();
    await page.getByLabel("Step (USD), row 1").fill("1");
    await page.getByRole("button", { name: "Add a row" }).click();
    expect(await focusedName()).toBe("tiers.1.from");
    await page.getByLabel("From price (USD), row 2").fill("100");
    await page.getByLabel("Step (USD), row 2").fill("5");
    // A third row below the second, with no step: both its boxes are wrong.
    await page.getByRole("button", { name: "Add a row" }).click();
    await page.getByLabel("From price (USD), row 3").fill("50");

    // The end before the start.
    await page.getByRole("radio", { name: "At a start time I choose" }).check();
    await page.getByLabel("Start time", { exact: true }).fill(sellerLocal(startMs));
    await page.getByLabel("End time", { exact: true }).fill(sellerLocal(startMs - 5 * MINUTE));
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.getByRole("alert").filter({ hasText: "3 fields need a change." }).waitFor();
    expect(await describedError("From price (USD), row 3")).toBe("Enter a price above the row before ($100.00).");
    expect(await describedError("Step (USD), row 3")).toBe("Enter a step above $0.00, like 1 or 0.50.");
    expect(await describedError("End time")).toBe("Choose an end time after the start.");
    expect(await focusedName()).toBe("tiers.2.from");
    await screenshot(page, "sell-form-steps-errors");

    await page.getByRole("button", { name: "Remove row 3" }).click();
    expect(await page.getByLabel("From price (USD), row 3").count()).toBe(0);
    await page.getByLabel("End time", { exact: true }).fill(sellerLocal(endMs));
    await screenshot(page, "sell-form-steps-by-price");
    const [create] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/auctions"),
      page.getByRole("button", { name: "Create draft" }).click(),
    ]);
    const body = sentBody(create);
    expect(body.incrementRule).toEqual({
      kind: "tiered",
      tiers: [
        { from: 0, amount: 100 },
        { from: 10_000, amount: 500 },
      ],
    });
    expect(body.reservePrice).toBe(4000);
    // Sent as the seller's wall-clock time with New York's offset, the same instant.
    expect(body.startsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000-0[45]:00$/);
    expect(Date.parse(String(body.startsAt))).toBe(startMs);
    expect(Date.parse(String(body.endsAt))).toBe(endMs);
    await page
      .getByRole("status")
      .filter({ hasText: `Draft "${title}" created.` })
      .waitFor();

    const mine = page.getByRole("article", { name: title, exact: true });
    await mine.getByText("From $25.00 · Steps $1.00 from $0.00, $5.00 from $100.00").waitFor();
    await mine.getByText("Reserve: $40.00 (only you see this)").waitFor();
    await mine.getByText(/^Starts .+ · ends .+$/).waitFor();
    await screenshot(page, "sell-draft-with-steps");
  });

  it("edits the draft: the form opens with its values, and only what changed is sent", async () => {
    const mine = page.getByRole("article", { name: title, exact: true });
    await mine.getByRole("button", { name: `Edit ${title}` }).click();
    const heading = page.getByRole("heading", { name: `Edit draft "${title}"` });
    await heading.waitFor();
    expect(await focusedName()).toBe("listing-form-heading");
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe(title);
    expect(await page.getByLabel("Reserve price (USD, optional)").inputValue()).toBe("40.00");
    expect(await page.getByRole("radio", { name: "Steps by price" }).isChecked()).toBe(true);
    expect(await page.getByLabel("From price (USD), row 2").inputValue()).toBe("100.00");
    expect(await page.getByLabel("Step (USD), row 2").inputValue()).toBe("5.00");
    // Shown in the seller's time zone, as typed.
    expect(await page.getByLabel("Start time", { exact: true }).inputValue()).toBe(sellerLocal(startMs));
    expect(await page.getByLabel("End time", { exact: true }).inputValue()).toBe(sellerLocal(endMs));
    await screenshot(page, "sell-edit-draft");
    // Every box of the rows is labelled, the text is readable, and the form fits a phone.
    expect(await unlabelledControls(page)).toEqual([]);
    expect(await lowContrastText(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-sell-edit-draft");
    await page.setViewportSize(DESKTOP);

    await page.getByLabel("Title", { exact: true }).fill(editedTitle);
    await page.getByLabel("Step (USD), row 2").fill("7.50");
    const [patch] = await Promise.all([
      page.waitForRequest((r) => r.method() === "PATCH"),
      page.getByRole("button", { name: "Save changes" }).click(),
    ]);
    auctionId = decodeURIComponent(new URL(patch.url()).pathname.split("/").at(-1) ?? "");
    expect(sentBody(patch)).toEqual({
      title: editedTitle,
      incrementRule: {
        kind: "tiered",
        tiers: [
          { from: 0, amount: 100 },
          { from: 10_000, amount: 750 },
        ],
      },
    });
    await page
      .getByRole("status")
      .filter({ hasText: `Saved your changes to "${editedTitle}".` })
      .waitFor();
    await page.getByRole("heading", { name: "New auction" }).waitFor();
    expect(await focusedName()).toBe(`edit-${auctionId}`);

    const edited = page.getByRole("article", { name: editedTitle, exact: true });
    await edited.getByText("From $25.00 · Steps $1.00 from $0.00, $7.50 from $100.00").waitFor();
    expect(await page.getByRole("article", { name: title, exact: true }).count()).toBe(0);
    // The catalogue has it too.
    const stored = await json<Listing>(`${gatewayUrl}/api/auctions/${auctionId}`, { headers: { authorization: `Bearer ${seller.token}` } });
    expect(stored.body.title).toBe(editedTitle);
    expect(Date.parse(stored.body.startsAt)).toBe(startMs);
  });

  it("shows the seller their reserve in the room; a bidder sees only that there is one", async () => {
    await page.getByRole("article", { name: editedTitle, exact: true }).getByRole("link", { name: editedTitle }).click();
    await page.getByRole("heading", { name: editedTitle, level: 1 }).waitFor();
    await page.getByText("Reserve: $40.00 (only you see this)").waitFor();
    await screenshot(page, "room-seller-reserve");

    await page.goBack();
    const mine = page.getByRole("article", { name: editedTitle, exact: true });
    await mine.getByRole("button", { name: `Publish ${editedTitle}` }).click();
    // Its start is ten minutes ahead: published, it waits for it.
    await mine.getByText("Upcoming").waitFor();
    expect(await mine.getByRole("button", { name: `Edit ${editedTitle}` }).count()).toBe(0);

    await signIn(bidderPage, bidder);
    await bidderPage.goto(`/auctions/${auctionId}`);
    await bidderPage.getByRole("heading", { name: editedTitle, level: 1 }).waitFor();
    await bidderPage.getByText("This auction has a reserve price").waitFor();
    expect(await bidderPage.getByText("only you see this").count()).toBe(0);
    expect(await bidderPage.locator("main").textContent()).not.toContain("$40.00");
    await screenshot(bidderPage, "room-bidder-reserve");
  });

  it("an edit of a draft that went live meanwhile is refused, and the form says why", async () => {
    const lateTitle = uniqueTitle("Late edit lamp");
    const auth = { authorization: `Bearer ${seller.token}` };
    const created = await json<Listing>(`${gatewayUrl}/api/auctions`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify(testListing({ title: lateTitle })),
    });
    expect(created.status).toBe(201);
    await page.goto("/sell");
    await page
      .getByRole("article", { name: lateTitle, exact: true })
      .getByRole("button", { name: `Edit ${lateTitle}` })
      .click();
    await page.getByLabel("Title", { exact: true }).fill(`${lateTitle} (edited)`);

    // Published elsewhere (another tab), and bidding opened it.
    const id = created.body.id;
    expect((await json(`${gatewayUrl}/api/auctions/${id}/publish`, { method: "POST", headers: auth, body: "{}" })).status).toBe(200);
    await until(`auction ${id} to go live`, async () => (await json(`${gatewayUrl}/api/auctions/${id}/live`)).status === 200, 30_000, 100);

    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("alert").filter({ hasText: "Not saved: a live auction can no longer be edited" }).waitFor();
    // The list catches up: it is live now, with nothing to edit.
    const mine = page.getByRole("article", { name: lateTitle, exact: true });
    await mine.getByText("Live").waitFor();
    expect(await mine.getByRole("button", { name: `Edit ${lateTitle}` }).count()).toBe(0);
    await screenshot(page, "sell-edit-refused");
  });
});
