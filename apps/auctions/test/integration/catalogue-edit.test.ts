/**
 * A seller's edit racing the start job, against the catalogue's real PostgreSQL database. The
 * start job holds the listing's row lock while bidding opens the auction; an edit that read the
 * listing as "scheduled" just before must be refused as any edit of a live auction is (409
 * AUCTION_NOT_EDITABLE, "a live auction can no longer be edited"), not with a conflict that
 * asks the seller to reload and retry an edit that can never succeed.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { CreateListingRequest, type TokenClaims } from "@auction-mesh/contracts";
import { dropDatabase, migrate, withDatabase } from "@auction-mesh/database";
import { createLogger, Jobs, Sidecar } from "@auction-mesh/service-kit";
import { DaprClient } from "@dapr/dapr";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalogue } from "../../src/catalogue.js";
import { newListing } from "../../src/domain/listing-rules.js";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { ListingStore } from "../../src/listing-store.js";

const SERVER = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const database = `catalogue_edit_it_${process.pid}`;
const url = withDatabase(SERVER, database);
let db: PrismaClient;
let store: ListingStore;
let catalogue: Catalogue;

/** No sidecar runs here: an edit that does not move the start calls neither bidding nor the scheduler. */
const UNREACHABLE = { DAPR_HOST: "127.0.0.1", DAPR_HTTP_PORT: 9, DAPR_API_TOKEN: undefined };

beforeAll(async () => {
  await dropDatabase(url);
  await migrate(url, join(import.meta.dirname, "../../prisma/migrations"));
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  store = new ListingStore(db);
  const sidecar = new Sidecar(new DaprClient({ daprHost: "127.0.0.1", daprPort: "9" }));
  catalogue = new Catalogue(store, new Jobs(UNREACHABLE), sidecar, createLogger("catalogue-test", "silent"));
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(url);
});

const seller: TokenClaims = { sub: "seller-1", name: "Sam", roles: ["seller", "bidder"] };
const request = CreateListingRequest.parse({
  title: "Brass lamp",
  category: "home",
  startingPrice: 1000,
  incrementRule: { kind: "fixed", amount: 100 },
  startsAt: new Date(Date.now() + 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 7_200_000).toISOString(),
});

/** Resolves once some session of the test database waits for a row lock. */
async function someoneWaitsForALock(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [row] = await db.$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = ${database} AND wait_event_type = 'Lock'`;
    if ((row?.waiting ?? 0n) > 0n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("no session waited for the row lock within 10 s");
}

describe("an edit that reaches the catalogue while the start job opens the auction", () => {
  it("is refused as an edit of a live auction, and changes nothing", async () => {
    const listing = await store.insert(newListing(randomUUID(), request, seller, new Date()));
    await store.setStatus(listing.id, "draft", "scheduled");

    let letBiddingAnswer = () => {};
    const biddingAnswered = new Promise<void>((resolve) => {
      letBiddingAnswer = resolve;
    });
    // The start job: row locked, bidding opening the auction, then "live" in the same transaction.
    const started = store.whileLocked(listing.id, async () => {
      await biddingAnswered;
      return "live";
    });
    const edit = catalogue.update(listing.id, { title: "Brass lamp (restored)" }, seller);
    const outcome = edit.then(
      () => "saved",
      (err: unknown) => err,
    );
    await someoneWaitsForALock();
    letBiddingAnswer();
    await started;

    expect(await outcome).toMatchObject({ status: 409, code: "AUCTION_NOT_EDITABLE", message: "a live auction can no longer be edited" });
    expect(await store.get(listing.id)).toMatchObject({ status: "live", title: "Brass lamp" });
  });
});
