import type { CreateListingInput, Listing } from "@auction-mesh/contracts";
import { inSeconds, json, signUpPolitely, testListing, until } from "./harness.js";

export interface FeedEvent {
  type: string;
  sequence: number;
  bidderId?: string;
  amount?: number;
  winnerId?: string | null;
  finalPrice?: number | null;
}

interface Account {
  token: string;
  userId: string;
}

/** A strong password for test accounts (identity refuses guessable ones). */
const PASSWORD = "orbit violet tram pickle 42";

/**
 * The gateway's public API as the integration tests use it, signed in for real: each name
 * ("alice", "seller-1") becomes an account on first use, and bids carry its token.
 */
export class GatewayClient {
  private readonly accounts = new Map<string, Promise<Account>>();
  /** Each client's accounts are its own, even when several clients share one database. */
  private readonly run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  constructor(readonly url: string) {}

  /** The account behind `name`, created (signed up) on first use. */
  account(name: string, role: "bidder" | "seller" = name.startsWith("seller") ? "seller" : "bidder"): Promise<Account> {
    let account = this.accounts.get(name);
    if (!account) {
      // A failed sign-up is forgotten, so a caller that retries (mesh still starting) tries again.
      account = this.signUp(name, role).catch((err: unknown) => {
        this.accounts.delete(name);
        throw err;
      });
      this.accounts.set(name, account);
    }
    return account;
  }

  private async signUp(name: string, role: "bidder" | "seller"): Promise<Account> {
    const body = { email: this.email(name), password: PASSWORD, displayName: name, role };
    const res = await signUpPolitely(this.url, body, `sign-up-${name}-${this.run}`);
    if (res.status !== 201) throw new Error(`sign-up of ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { token: res.body.token, userId: res.body.user.id };
  }

  /** The e-mail address `name` signed up with. */
  email(name: string): string {
    return `${name}.${this.run}@test.local`;
  }

  async userId(name: string): Promise<string> {
    return (await this.account(name)).userId;
  }

  async token(name: string): Promise<string> {
    return (await this.account(name)).token;
  }

  post<T = Record<string, unknown>>(path: string, body: unknown, token?: string) {
    return json<T>(`${this.url}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  }

  get<T = Record<string, unknown>>(path: string, token?: string) {
    return json<T>(`${this.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : undefined);
  }

  /** Creates a listing as `seller` (a draft). */
  async createListing(overrides: Partial<CreateListingInput> = {}, seller = "seller-1") {
    return this.post<Listing>("/api/auctions", testListing(overrides), await this.token(seller));
  }

  /**
   * The seller's whole path to a live auction: create, publish, and wait until bidding has
   * it (the catalogue's start job hands it over). Returns the auction id.
   */
  async openAuction(endsInSeconds = 600, overrides: Partial<CreateListingInput> = {}, seller = "seller-1"): Promise<string> {
    // Signed in first: a sign-up that identity sheds under load (503, Retry-After) must not eat the
    // auction's time, or a short one ends too soon to publish (ENDS_TOO_SOON).
    const token = await this.token(seller);
    const created = await this.post<Listing>("/api/auctions", testListing({ endsAt: inSeconds(endsInSeconds), ...overrides }), token);
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id;
    const published = await this.post(`/api/auctions/${id}/publish`, {}, token);
    if (published.status !== 200) throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
    await until(`auction ${id} to go live`, async () => (await this.snapshot(id)).status === 200, 30_000, 100);
    return id;
  }

  async bid(id: string, bidder: string, amount: number, idempotencyKey = `k-${bidder}-${amount}-${id}`, maxAmount?: number) {
    return this.post(`/api/auctions/${id}/bids`, { amount, idempotencyKey, ...(maxAmount ? { maxAmount } : {}) }, await this.token(bidder));
  }

  snapshot(id: string) {
    return this.get(`/api/auctions/${id}/live`);
  }

  listing(id: string, as?: string) {
    return as ? this.token(as).then((t) => this.get<Listing>(`/api/auctions/${id}`, t)) : this.get<Listing>(`/api/auctions/${id}`);
  }

  async events(id: string): Promise<FeedEvent[]> {
    return (await json<{ events: FeedEvent[] }>(`${this.url}/api/auctions/${id}/events`)).body.events;
  }
}
