/** The dev runner's dashboard renders in a browser: the processes, and the mail the mesh sent (read from Mailpit). */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json } from "../../dev-runner/test/integration/harness.js";
import { bidViaApi, createAccount, openAuction, uniqueTitle } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { launchBrowser, newPerson } from "../support/browser.js";

const gatewayUrl = inject("gatewayUrl");
const dashboardUrl = inject("dashboardUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: Error[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPerson(browser, dashboardUrl));
  page.on("pageerror", (err) => pageErrors.push(err));
  await page.goto("/");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("the dev runner's dashboard", () => {
  it("renders a row per process, the gateway's healthy", async () => {
    const processes = page.getByRole("table", { name: "processes" });
    const gateway = processes.getByRole("row").filter({ has: page.getByRole("cell", { name: "gateway", exact: true }) });
    await gateway.getByRole("cell").nth(3).filter({ hasText: /^yes$/ }).waitFor({ timeout: 15_000 });
    await expect.poll(() => processes.getByText("loading…").count()).toBe(0);

    const status = await json<{ processes: { name: string }[] }>(`${dashboardUrl}/api/status`);
    const names = await processes.locator("tbody tr td:first-child").allTextContents();
    expect(names.sort()).toEqual(status.body.processes.map((p) => p.name).sort());
    expect(await page.locator("#summary").textContent()).toMatch(/^profile \S+ · \d+\/\d+ healthy$/);
    const mailpit = processes.getByRole("row").filter({ has: page.getByRole("cell", { name: "mailpit", exact: true }) });
    expect(await mailpit.getByRole("link", { name: "mail" }).getAttribute("href")).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/messages$/,
    );
    expect(pageErrors).toEqual([]);
  });

  it("lists an e-mail the mesh sent, and opens its text", async () => {
    const [bidder, rival, seller] = await Promise.all([
      createAccount(gatewayUrl, "Olive"),
      createAccount(gatewayUrl, "Rufus"),
      createAccount(gatewayUrl, "Sam", "seller"),
    ]);
    const title = uniqueTitle("Dashboard lamp");
    const listing = await openAuction(gatewayUrl, seller, { title });
    expect((await bidViaApi(gatewayUrl, bidder, listing.id, listing.startingPrice)).body.accepted).toBe(true);
    expect((await bidViaApi(gatewayUrl, rival, listing.id, listing.startingPrice + 500)).body.accepted).toBe(true);

    // No reload: the page refreshes itself.
    const subject = `You were outbid on “${title}”`;
    const mail = page
      .getByRole("table", { name: "received mail" })
      .getByRole("row")
      .filter({ hasText: bidder.email })
      .filter({ hasText: subject });
    await mail.waitFor({ timeout: 30_000 });
    await mail.getByText(subject).click();
    const body = mail.locator("pre");
    await body.filter({ hasText: "The price is now" }).waitFor();
    expect(await body.textContent()).toContain(`Hello ${bidder.displayName},`);
    await screenshot(page, "dashboard-mail");
    expect(pageErrors).toEqual([]);
  });
});
