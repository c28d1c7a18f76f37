/**
 * Lot photos, end to end: a seller picks real image files on the form, each uploads at once
 * and shows as its thumbnail; a file that is no image is refused by name, and nothing else is
 * lost; the draft keeps the photos in order. A bidder sees them rendered in the room (the large
 * one at display size, switched by thumbnail buttons) and on the lot's card (the thumbnail);
 * a photo that does not exist shows a "Photo unavailable" placeholder, never a broken image.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Listing, UploadedImage } from "@auction-mesh/contracts";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json, until } from "../../dev-runner/test/integration/harness.js";
import { horizontalOverflow, lowContrastText, unlabelledControls } from "../support/accessibility.js";
import { type Account, createAccount, openAuction, uniqueTitle } from "../support/api.js";
import { screenshot } from "../support/artifacts.js";
import { DESKTOP, launchBrowser, newPerson, PHONE } from "../support/browser.js";
import { signIn } from "../support/ui.js";

const gatewayUrl = inject("gatewayUrl");
let browser: Browser;
const contexts: BrowserContext[] = [];
let page: Page;
let bidderPage: Page;
let seller: Account;
let bidder: Account;
let dir: string;
/** Shown 1200×900: stored 900 wide and 1200 tall with EXIF orientation 6 (turn 90° clockwise), as phones save photos. */
let landscapeJpeg: string;
/** 900×900, no metadata. */
let squarePng: string;
/** Text, named like a photo: refused by its content. */
let fakeJpeg: string;
const title = uniqueTitle("Carved walnut box");
let auctionId = "";
/** The uploads' answers, by the file sent. */
const uploads = new Map<string, UploadedImage>();

const IMAGE_PATH = /^\/api\/images\/[0-9a-f]{32}-display\.webp$/;
const MISSING_DISPLAY = `/api/images/${"0".repeat(32)}-display.webp`;

/** How an <img> came out in the browser: whether it has decoded pixels, and how many. */
const rendered = (img: Locator) =>
  img.evaluate((el) => {
    const image = el as HTMLImageElement;
    return {
      ok: image.complete && image.naturalWidth > 0,
      width: image.naturalWidth,
      height: image.naturalHeight,
      src: image.getAttribute("src"),
    };
  });
/** Waits until the image has loaded (or failed), then tells how it came out. */
async function loaded(img: Locator) {
  await img.waitFor();
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete), { timeout: 15_000 }).toBe(true);
  return rendered(img);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "e2e-photos-"));
  landscapeJpeg = join(dir, "landscape.jpg");
  squarePng = join(dir, "square.png");
  fakeJpeg = join(dir, "fake.jpg");
  // Stored upright-wrong: the red half is on top of the stored pixels, and on the left once turned.
  const stored = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200">' +
      '<rect width="900" height="600" fill="#b91c1c"/><rect y="600" width="900" height="600" fill="#1d4ed8"/>' +
      '<circle cx="450" cy="300" r="150" fill="#fde68a"/></svg>',
  );
  await sharp(stored).jpeg({ quality: 85 }).withMetadata({ orientation: 6 }).toFile(landscapeJpeg);
  const meta = await sharp(landscapeJpeg).metadata();
  expect([meta.width, meta.height, meta.orientation]).toEqual([900, 1200, 6]);
  await sharp({ create: { width: 900, height: 900, channels: 3, background: "#15803d" } })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><rect width="300" height="300" fill="#f9fafb"/></svg>',
        ),
        top: 300,
        left: 300,
      },
    ])
    .png()
    .toFile(squarePng);
  writeFileSync(fakeJpeg, "This is a text file, not a photo.\n");

  browser = await launchBrowser();
  [seller, bidder] = await Promise.all([createAccount(gatewayUrl, "Petra", "seller"), createAccount(gatewayUrl, "Boris")]);
  const sellerContext = await browser.newContext({ baseURL: gatewayUrl, viewport: DESKTOP });
  sellerContext.setDefaultTimeout(15_000);
  contexts.push(sellerContext);
  page = await sellerContext.newPage();
  page.on("response", async (res) => {
    if (res.request().method() !== "POST" || new URL(res.url()).pathname !== "/api/images" || res.status() !== 201) return;
    // Told apart by their shape (the request's multipart body is not always at hand).
    const image = (await res.json()) as UploadedImage;
    uploads.set(image.width === image.height ? "square.png" : "landscape.jpg", image);
  });
  const other = await newPerson(browser, gatewayUrl);
  contexts.push(other.context);
  bidderPage = other.page;
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("lot photos", () => {
  it("the seller picks photos: each uploads and shows its thumbnail; a file that is no image is refused by name", async () => {
    await signIn(page, seller, "/sell");
    await page.getByRole("heading", { name: "Sell an item" }).waitFor();
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Description").fill("Hand-carved, dovetailed, brass hinges.");
    await page.getByLabel("Category").selectOption({ label: "Collectibles" });
    await page.getByLabel("Starting price (USD)").fill("30");
    await page.getByLabel("Bid step (USD)").fill("1");

    const picker = page.getByLabel("Photos", { exact: true });
    expect(await picker.getAttribute("type")).toBe("file");
    expect(await picker.getAttribute("accept")).toBe("image/*");
    expect(await picker.getAttribute("multiple")).not.toBeNull();

    // Held for a moment, the uploads show as under way.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/images", async (route) => {
      await held;
      await route.continue();
    });
    await picker.setInputFiles([landscapeJpeg, squarePng]);
    const chosen = page.getByRole("list", { name: "Chosen photos" });
    await expect.poll(() => chosen.getByText("Uploading…").count()).toBe(2);
    await screenshot(page, "photos-uploading");
    release();

    for (const n of [1, 2]) {
      const thumbnail = chosen.getByRole("img", { name: `Photo ${n}`, exact: true });
      const shown = await loaded(thumbnail);
      expect(shown.ok, `thumbnail ${n}`).toBe(true);
      expect([shown.width, shown.height]).toEqual([480, 360]);
      await chosen.getByRole("button", { name: `Remove photo ${n}` }).waitFor();
    }
    expect(await chosen.getByText("Uploading…").count()).toBe(0);
    await page.unroute("**/api/images");
    await until("both upload answers", async () => uploads.size === 2, 5000, 50);
    const landscape = uploads.get("landscape.jpg");
    const square = uploads.get("square.png");
    // The EXIF orientation is applied: 1200 wide, 900 high (1600 is the cap, never enlarged).
    expect(landscape).toMatchObject({ width: 1200, height: 900 });
    expect(square).toMatchObject({ width: 900, height: 900 });
    expect(landscape?.display).toMatch(IMAGE_PATH);
    expect(await chosen.getByRole("img", { name: "Photo 1", exact: true }).getAttribute("src")).toBe(landscape?.thumbnail);
    expect(await chosen.getByRole("img", { name: "Photo 2", exact: true }).getAttribute("src")).toBe(square?.thumbnail);

    // A text file named like a photo: refused, named, with the reason; the rest of the form stays.
    await picker.setInputFiles([fakeJpeg]);
    await page
      .getByRole("alert")
      .filter({ hasText: "“fake.jpg” is not a photo this site can use: choose a JPEG, PNG, WebP, AVIF or GIF image." })
      .waitFor();
    expect(await chosen.getByRole("listitem").count()).toBe(2);
    expect(await chosen.getByRole("img").count()).toBe(2);
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe(title);
    expect(await page.getByLabel("Starting price (USD)").inputValue()).toBe("30");
    await screenshot(page, "photos-picked-one-refused");

    expect(await unlabelledControls(page)).toEqual([]);
    expect(await lowContrastText(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-photos-picked");
    await page.setViewportSize(DESKTOP);
  });

  it("saves the draft with the photos in order, shows them when it is edited, and publishes it", async () => {
    const [create] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/auctions"),
      page.getByRole("button", { name: "Create draft" }).click(),
    ]);
    expect(create.status()).toBe(201);
    const sent = create.request().postDataJSON() as { imageUrls: string[] };
    expect(sent.imageUrls).toEqual([uploads.get("landscape.jpg")?.display, uploads.get("square.png")?.display]);
    const created = (await create.json()) as Listing;
    auctionId = created.id;
    expect(created.imageUrls).toEqual(sent.imageUrls);
    await page
      .getByRole("status")
      .filter({ hasText: `Draft "${title}" created.` })
      .waitFor();
    // The new form starts without photos, and without the earlier refusal.
    expect(await page.getByRole("list", { name: "Chosen photos" }).count()).toBe(0);
    expect(await page.locator("form.sell-form").getByRole("alert").count()).toBe(0);

    // Editing shows the photos it has; a removal that is not saved changes nothing.
    const mine = page.getByRole("article", { name: title, exact: true });
    await mine.getByRole("button", { name: `Edit ${title}` }).click();
    await page.getByRole("heading", { name: `Edit draft "${title}"` }).waitFor();
    const chosen = page.getByRole("list", { name: "Chosen photos" });
    for (const n of [1, 2]) expect((await loaded(chosen.getByRole("img", { name: `Photo ${n}`, exact: true }))).width).toBe(480);
    await screenshot(page, "photos-edit-draft");
    await chosen.getByRole("button", { name: "Remove photo 1" }).click();
    expect(await chosen.getByRole("listitem").count()).toBe(1);
    expect(await chosen.getByRole("img", { name: "Photo 1", exact: true }).getAttribute("src")).toBe(uploads.get("square.png")?.thumbnail);
    await page.getByRole("button", { name: "Stop editing" }).click();
    await page.getByRole("heading", { name: "New auction" }).waitFor();

    await mine.getByRole("button", { name: `Publish ${title}` }).click();
    await mine.getByText(/Upcoming|Live/).waitFor();
    const stored = await json<Listing>(`${gatewayUrl}/api/auctions/${auctionId}`);
    expect(stored.body.imageUrls).toEqual(sent.imageUrls);
  });

  it("serves each size as WebP, cached for good; a missing one is a 404", async () => {
    const display = uploads.get("landscape.jpg")?.display ?? "";
    for (const path of [display, uploads.get("landscape.jpg")?.thumbnail ?? ""]) {
      const res = await fetch(`${gatewayUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/webp");
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.orientation ?? 1).toBe(1);
      expect([meta.width, meta.height]).toEqual(path === display ? [1200, 900] : [480, 360]);
    }
    const missing = await fetch(`${gatewayUrl}${MISSING_DISPLAY}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("a bidder sees the photos rendered in the room and switches between them", async () => {
    await signIn(bidderPage, bidder);
    await bidderPage.goto(`/auctions/${auctionId}`);
    await bidderPage.getByRole("heading", { name: title, level: 1 }).waitFor();
    const first = bidderPage.getByRole("img", { name: `${title}, photo 1 of 2`, exact: true });
    const shown = await loaded(first);
    expect(shown.ok).toBe(true);
    expect(shown.src).toBe(uploads.get("landscape.jpg")?.display);
    expect([shown.width, shown.height]).toEqual([1200, 900]);
    // The thumbnail buttons show the thumbnails.
    const thumbs = bidderPage.getByRole("list", { name: "Photos", exact: true });
    for (const n of [1, 2]) {
      const thumb = thumbs.getByRole("button", { name: `Show photo ${n}` }).locator("img");
      expect((await loaded(thumb)).width).toBe(480);
    }
    expect(await thumbs.getByRole("button", { name: "Show photo 1" }).getAttribute("aria-pressed")).toBe("true");
    await screenshot(bidderPage, "room-photo-1");

    await thumbs.getByRole("button", { name: "Show photo 2" }).click();
    const second = bidderPage.getByRole("img", { name: `${title}, photo 2 of 2`, exact: true });
    const shownSecond = await loaded(second);
    expect(shownSecond.ok).toBe(true);
    expect(shownSecond.src).toBe(uploads.get("square.png")?.display);
    expect([shownSecond.width, shownSecond.height]).toEqual([900, 900]);
    expect(await thumbs.getByRole("button", { name: "Show photo 2" }).getAttribute("aria-pressed")).toBe("true");
    expect(await bidderPage.getByText("Photo unavailable").count()).toBe(0);
    await screenshot(bidderPage, "room-photo-2");

    expect(await lowContrastText(bidderPage)).toEqual([]);
    await bidderPage.setViewportSize(PHONE);
    expect(await horizontalOverflow(bidderPage)).toBe(0);
    await screenshot(bidderPage, "phone-room-photos");
    await bidderPage.setViewportSize(DESKTOP);
  });

  it("the lot's card in the list shows its thumbnail, loaded lazily in a fixed box", async () => {
    await bidderPage.goto("/");
    await bidderPage.getByLabel("Search").fill(title);
    const card = bidderPage.getByRole("article", { name: title, exact: true });
    await card.waitFor({ timeout: 30_000 });
    const img = card.locator(".card__image img");
    expect(await img.getAttribute("loading")).toBe("lazy");
    const shown = await loaded(img);
    expect(shown.ok).toBe(true);
    expect(shown.src).toBe(uploads.get("landscape.jpg")?.thumbnail);
    expect(shown.width).toBe(480);
    const box = await card.locator(".card__image").boundingBox();
    expect(box && Math.abs(box.width / box.height - 4 / 3)).toBeLessThan(0.02);
    await screenshot(bidderPage, "card-with-photo");
  });

  it("a photo that does not exist shows a placeholder, not a broken image", async () => {
    const missingTitle = uniqueTitle("Lost photo lamp");
    const listing = await openAuction(gatewayUrl, seller, { title: missingTitle, imageUrls: [MISSING_DISPLAY] });
    await bidderPage.goto(`/auctions/${listing.id}`);
    await bidderPage.getByRole("heading", { name: missingTitle, level: 1 }).waitFor();
    await bidderPage.getByRole("img", { name: `${missingTitle}, photo 1 of 1: photo unavailable`, exact: true }).waitFor();
    await bidderPage.locator(".room__gallery").getByText("Photo unavailable").waitFor();
    expect(await bidderPage.locator(".room__gallery img").count()).toBe(0);
    expect(await lowContrastText(bidderPage)).toEqual([]);
    await screenshot(bidderPage, "room-photo-unavailable");

    // Its card too: the thumbnail's path does not exist either.
    await bidderPage.goto("/");
    await bidderPage.getByLabel("Search").fill(missingTitle);
    const card = bidderPage.getByRole("article", { name: missingTitle, exact: true });
    await card.waitFor({ timeout: 30_000 });
    await card.locator(".card__image").getByText("Photo unavailable").waitFor();
    expect(await card.locator(".card__image img").count()).toBe(0);
    await screenshot(bidderPage, "card-photo-unavailable");
  });
});
