/**
 * The dev runner's dashboard renders in a browser: the processes and their links, the key figures
 * (read from the mesh's Prometheus), the mail the mesh sent (read from Mailpit), a bid's trace
 * drawn as a waterfall (read from Jaeger), and the recent logs narrowed by process and by a search.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
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

/** A row of the processes table, by its process's name. */
const processRow = (name: string) =>
  page
    .getByRole("table", { name: "processes" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name, exact: true }) });

/** A figure's cell as a number: NaN while it reads "–" (no sample yet) or is not there. */
const figureValue = async (cell: Locator) => Number((await cell.textContent({ timeout: 1_000 }).catch(() => null)) ?? Number.NaN);

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
    expect(await processRow("mailpit").getByRole("link", { name: "mail" }).getAttribute("href")).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/messages$/,
    );
    expect(pageErrors).toEqual([]);
  });

  it("links each app to its /metrics, each sidecar to its metadata on the page, Prometheus to its UI", async () => {
    const metrics = await processRow("gateway").getByRole("link", { name: "metrics" }).getAttribute("href");
    expect(metrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    // Open without the app token, in Prometheus' text format.
    const scrape = await fetch(metrics as string);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain("http_server_request_duration_seconds");
    expect(await processRow("prometheus").getByRole("link", { name: "ui" }).getAttribute("href")).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/graph$/,
    );

    const sidecar = page
      .getByRole("table", { name: "processes" })
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: "sidecar", exact: true }) })
      .first();
    const name = (await sidecar.getByRole("cell").first().textContent()) ?? "";
    const metadata = sidecar.getByRole("link", { name: "metadata" });
    expect(await metadata.getAttribute("href")).toBe(`#metadata-${name}`);
    await metadata.click();
    const section = page.locator(`details#metadata-${name}`);
    await expect.poll(() => section.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    expect(await section.locator("pre").textContent()).toContain('"components"');
    expect(pageErrors).toEqual([]);
  });

  it("draws a bid's trace as a waterfall: the gateway, both sidecars, the actor's turn, the publish", async () => {
    const [bidder, seller] = await Promise.all([createAccount(gatewayUrl, "Tessa"), createAccount(gatewayUrl, "Sol", "seller")]);
    const listing = await openAuction(gatewayUrl, seller, { title: uniqueTitle("Traced clock") });
    const traceId = randomBytes(16).toString("hex");
    const bid = await fetch(`${gatewayUrl}/api/auctions/${listing.id}/bids`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${bidder.token}`,
        traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01`,
      },
      body: JSON.stringify({ amount: listing.startingPrice, idempotencyKey: `e2e-traced-${listing.id}` }),
    });
    expect(bid.status).toBe(201);

    // Spans reach Jaeger in batches (daprd's every few seconds): open the trace until all of it is drawn.
    const waterfall = page.getByRole("table", { name: "trace waterfall" });
    const rows = waterfall.getByRole("row");
    const drawn = async (service: string | RegExp, span: string) => rows.filter({ hasText: service }).filter({ hasText: span }).count();
    const wholePath = async () =>
      Promise.all([
        drawn("gateway", "actor AuctionActor.placeBids"),
        drawn(/^gateway\s*sidecar/, "CallActor/AuctionActor/placeBids"),
        drawn(/^bidding\s*sidecar/, "CallActor/AuctionActor/placeBids"),
        drawn("bidding", "AuctionActor.placeBids turn"),
        drawn("bidding", "publish auction.events"),
        drawn(/^gateway\s*sidecar/, "pubsub/auction.events"),
        drawn("gateway", "receive auction.events"),
      ]);
    await expect
      .poll(
        async () => {
          // A fresh load each time: as a person opens a link to the trace.
          await page.goto("about:blank");
          await page.goto(`/#trace-${traceId}`);
          await waterfall.waitFor({ timeout: 3_000 }).catch(() => undefined);
          return (await wholePath()).every((n) => n > 0);
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toBe(true);
    // Each span has a bar on the time line.
    expect(await waterfall.locator(".bar").count()).toBe(await waterfall.locator("tbody tr").count());
    expect(await page.locator("#waterfall h3").textContent()).toMatch(new RegExp(`^Trace ${traceId}: \\d+ spans across \\d+ services`));
    await screenshot(page, "dashboard-trace");
    await page.goto("/");
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

  it("shows key figures from Prometheus: a row per service, targets up, and bids accepted moving after a bid", async () => {
    const status = await json<{ processes: { name: string }[] }>(`${dashboardUrl}/api/status`);
    expect(
      status.body.processes.map((p) => p.name),
      "the mesh runs no Prometheus (apt-get install prometheus)",
    ).toContain("prometheus");
    const accepted = page.getByRole("table", { name: "bidding figures" }).locator('[data-figure="bids-accepted"]');
    // Prometheus scrapes every 5 s and rate() needs two samples of bidding's counter: a number first...
    await expect.poll(() => figureValue(accepted), { timeout: 60_000, interval: 1_000 }).toBeGreaterThanOrEqual(0);

    const [bidder, seller] = await Promise.all([createAccount(gatewayUrl, "Flora"), createAccount(gatewayUrl, "Silas", "seller")]);
    const listing = await openAuction(gatewayUrl, seller, { title: uniqueTitle("Dashboard gauge") });
    expect((await bidViaApi(gatewayUrl, bidder, listing.id, listing.startingPrice)).body.accepted).toBe(true);
    // ...then above zero once a scrape after the bid is recorded (no reload: the page refreshes itself).
    await expect.poll(() => figureValue(accepted), { timeout: 60_000, interval: 1_000 }).toBeGreaterThan(0);

    const gateway = page.getByRole("table", { name: "service figures" }).locator('tr[data-service="gateway"]');
    await expect.poll(() => figureValue(gateway.locator('[data-figure="requests"]')), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await figureValue(gateway.locator('[data-figure="cpu"]'))).toBeGreaterThan(0);
    const health = page.getByRole("table", { name: "mesh health" });
    const [, up, total] = /^(\d+) of (\d+)/.exec((await health.locator('[data-figure="targets-up"]').textContent()) ?? "") ?? [];
    expect(Number(total)).toBeGreaterThan(0);
    expect(Number(up)).toBeLessThanOrEqual(Number(total));
    expect(await figureValue(health.locator('[data-figure="alerts-firing"]'))).toBeGreaterThanOrEqual(0);
    expect(await page.locator("#figures-note").textContent()).toMatch(/^as of /);

    const figures = await json<{ bidding: { acceptedPerSecond: number | null } }>(`${dashboardUrl}/api/figures`);
    expect(figures.status).toBe(200);
    expect(figures.body.bidding.acceptedPerSecond).toBeGreaterThanOrEqual(0);
    await screenshot(page, "dashboard-figures");
    expect(pageErrors).toEqual([]);
  });

  it("narrows the recent logs to one process, and to the lines containing a search", async () => {
    const probe = `log-probe-${Date.now().toString(36)}`;
    // The gateway logs the refusal with its path: a line no other process has.
    expect((await fetch(`${gatewayUrl}/api/${probe}`)).status).toBe(404);
    const lines = page.locator("#logs .log-line");
    await expect.poll(() => lines.count()).toBeGreaterThan(1);
    const everyLine = await lines.count();

    await page.locator("#log-search").fill(probe.toUpperCase());
    await expect.poll(() => lines.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const shown = await lines.allTextContents();
    expect(shown.length).toBeLessThan(everyLine);
    for (const line of shown) expect(line).toContain(probe);
    expect(await page.locator("#logs-note").textContent()).toBe(
      `${shown.length} line${shown.length === 1 ? "" : "s"} contain “${probe.toUpperCase()}”`,
    );
    const owners = await page.locator("#logs section[data-process]").evaluateAll((s) => s.map((e) => (e as HTMLElement).dataset.process));
    expect(owners).toEqual(["gateway"]);

    // One process: the gateway's matching lines only; another process has none.
    const processChoice = page.locator("#log-process");
    await processChoice.selectOption("gateway");
    await expect
      .poll(() => page.locator("#logs .log").evaluateAll((b) => b.map((e) => e.getAttribute("aria-label"))))
      .toEqual(["log of gateway"]);
    expect(await lines.allTextContents()).toEqual(shown);
    await processChoice.selectOption("placement");
    await expect.poll(() => lines.count()).toBe(0);
    expect(await page.locator("#logs-note").textContent()).toBe(`0 lines contain “${probe.toUpperCase()}”`);

    // Without the search: the gateway's every line again, then every process's.
    await processChoice.selectOption("gateway");
    await page.locator("#log-search").fill("");
    await expect.poll(() => lines.count()).toBeGreaterThanOrEqual(shown.length);
    expect(await page.locator("#logs-note").textContent()).toBe("");
    await processChoice.selectOption("");
    await expect.poll(() => lines.count()).toBeGreaterThan(shown.length);
    expect(pageErrors).toEqual([]);
  });
});
