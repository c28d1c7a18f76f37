import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "../../dev-runner/test/integration/harness.js";

/** Debian's Chromium: the tests drive it with playwright-core (no browser download here). */
export const CHROMIUM = "/usr/bin/chromium";

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; the browser tests need it. Install it with: apt-get install chromium`);
  }
}

/** The mesh runs the built services, and the gateway serves the built web app. */
export function assertBuilt(): void {
  const needed = [
    "apps/web/dist/index.html",
    "apps/gateway/dist/main.js",
    "apps/bidding/dist/main.js",
    "apps/identity/dist/main.js",
    "apps/auctions/dist/main.js",
    "dev-runner/dist/cli.js",
  ];
  const missing = needed.filter((p) => !existsSync(join(REPO, p)));
  if (missing.length > 0) throw new Error(`Build first (npx turbo run build from the repository root); missing: ${missing.join(", ")}`);
}
