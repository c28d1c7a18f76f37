import type { AuthSession, CreateListingInput, Listing } from "@auction-mesh/contracts";
import { json, signUpPolitely, testListing, until } from "../../dev-runner/test/integration/harness.js";

/** A strong password (identity refuses guessable ones). */
export const PASSWORD = "orbit violet tram pickle 42";
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface Account {
  email: string;
  password: string;
  displayName: string;
  id: string;
  token: string;
}

/** Test setup through the API (what the test is about happens in the browser). */
export async function createAccount(gatewayUrl: string, name: string, role: "bidder" | "seller" = "bidder"): Promise<Account> {
  const email = `${name.toLowerCase()}.${RUN}.${Math.random().toString(36).slice(2, 6)}@e2e.test`;
  const res = await signUpPolitely(gatewayUrl, { email, password: PASSWORD, displayName: name, role }, `e2e-sign-up-${email}`);
  if (res.status !== 201) throw new Error(`sign-up of ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password: PASSWORD, displayName: name, id: res.body.user.id, token: res.body.token };
}

/**
 * The mesh's admin: identity makes `email` (global setup's adminEmail) an admin at sign-up. The
 * first test file to need it signs it up, the others sign in (files share one mesh, in any order).
 */
export async function adminAccount(gatewayUrl: string, email: string): Promise<Account> {
  const displayName = "Hana Admin";
  // A key of its own: a resend of another file's sign-up would answer that file's (older) session.
  const key = `e2e-admin-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const signUp = await signUpPolitely(gatewayUrl, { email, password: PASSWORD, displayName }, key);
  const session =
    signUp.status === 409
      ? await json<AuthSession>(`${gatewayUrl}/api/auth/login`, { method: "POST", body: JSON.stringify({ email, password: PASSWORD }) })
      : signUp;
  if ((session.status !== 200 && session.status !== 201) || !session.body.user.roles.includes("admin")) {
    throw new Error(`admin sign-up or sign-in: ${session.status} ${JSON.stringify(session.body)}`);
  }
  return { email, password: PASSWORD, displayName, id: session.body.user.id, token: session.body.token };
}

export const uniqueTitle = (what: string) => `${what} ${RUN}${Math.random().toString(36).slice(2, 5)}`;

/** Creates and publishes an auction as `seller`, and waits until bidding has opened it. */
export async function openAuction(gatewayUrl: string, seller: Account, overrides: Partial<CreateListingInput> = {}): Promise<Listing> {
  const auth = { authorization: `Bearer ${seller.token}` };
  const created = await json<Listing>(`${gatewayUrl}/api/auctions`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify(testListing({ title: uniqueTitle("Test lot"), description: "A test item.", ...overrides })),
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const published = await json<Listing>(`${gatewayUrl}/api/auctions/${id}/publish`, { method: "POST", headers: auth, body: "{}" });
  if (published.status !== 200) throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  await until(`auction ${id} to go live`, async () => (await json(`${gatewayUrl}/api/auctions/${id}/live`)).status === 200, 30_000, 100);
  return published.body;
}

/** A bid through the API, for the "other people" a test does not watch. */
export async function bidViaApi(gatewayUrl: string, bidder: Account, auctionId: string, amount: number) {
  return json<{ accepted: boolean; code?: string }>(`${gatewayUrl}/api/auctions/${auctionId}/bids`, {
    method: "POST",
    headers: { authorization: `Bearer ${bidder.token}` },
    body: JSON.stringify({ amount, idempotencyKey: `e2e-${bidder.id}-${auctionId}-${amount}` }),
  });
}
