import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type Account, createAccount } from "./api.js";
import { launchBrowser, newPerson } from "./browser.js";
import { signIn } from "./ui.js";

export interface Cast {
  readonly seller: Account;
  readonly alice: Account;
  readonly bob: Account;
  /** A new person in their own browser profile, signed in as `account` (or a visitor). */
  person(account?: Account): Promise<Page>;
}

/**
 * The people of a test file: a seller and two bidders with accounts, one browser, and a fresh
 * browser profile per person (registers beforeAll/afterAll hooks; call at the file's top).
 */
export function castOfThree(gatewayUrl: string): Cast {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let accounts: [Account, Account, Account];
  beforeAll(async () => {
    browser = await launchBrowser();
    accounts = await Promise.all([
      createAccount(gatewayUrl, "Sella", "seller"),
      createAccount(gatewayUrl, "Alice"),
      createAccount(gatewayUrl, "Bob"),
    ]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });
  return {
    get seller() {
      return accounts[0];
    },
    get alice() {
      return accounts[1];
    },
    get bob() {
      return accounts[2];
    },
    async person(account?: Account) {
      const { context, page } = await newPerson(browser, gatewayUrl);
      contexts.push(context);
      if (account) await signIn(page, account);
      return page;
    },
  };
}
