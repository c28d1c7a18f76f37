import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";

export const ARTIFACTS = resolve(import.meta.dirname, "../artifacts");

/** Saves a full-page screenshot of a key screen as e2e/artifacts/<name>.png (kept out of git). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  return path;
}
