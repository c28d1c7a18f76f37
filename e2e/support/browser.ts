import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { assertChromium, CHROMIUM } from "./prerequisites.js";

export async function launchBrowser(): Promise<Browser> {
  assertChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/** A separate browser profile (cookies, storage, network) per person, as if on their own device. */
export async function newPerson(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport, ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}
