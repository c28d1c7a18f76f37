import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AuctionClosedEvent,
  AuctionEvent,
  AuctionEventBatch,
  AuctionLifecycleEvent,
  BidPlacedEvent,
  CreateListingRequest,
  Listing,
  SettlementEvent,
  Topics,
} from "../../src/index.js";
import { jsonSchemas, SCHEMA_BASE_URL, schemaFiles, schemaIndex } from "../../src/json-schemas.js";

const REGENERATE = "run `npm run schemas -w @auction-mesh/contracts` and commit the result";
const root = fileURLToPath(new URL("../../schemas/", import.meta.url));
const schemas = jsonSchemas();

const filesOnDisk = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOnDisk(join(dir, e.name)) : [join(dir, e.name)]))
    : [];

describe("the committed JSON Schemas (mesh/contracts/schemas)", () => {
  it("are exactly what the zod contracts generate", () => {
    for (const [path, text] of Object.entries(schemaFiles())) {
      const file = join(root, path);
      expect(existsSync(file), `schemas/${path} is missing: ${REGENERATE}`).toBe(true);
      expect(readFileSync(file, "utf8"), `schemas/${path} has drifted from the zod contracts: ${REGENERATE}`).toBe(text);
    }
  });

  it("hold no file that no contract generates", () => {
    const expected = new Set(Object.keys(schemaFiles()));
    const stray = filesOnDisk(root)
      .map((f) => relative(root, f).split(sep).join("/"))
      .filter((p) => !expected.has(p));
    expect(stray, `no contract generates these any more: ${REGENERATE}`).toEqual([]);
  });
});

describe("jsonSchemas", () => {
  it("has every topic's message and every event variant", () => {
    for (const topic of Object.values(Topics)) expect(schemas[`topics/${topic}.json`], topic).toBeDefined();
    for (const union of [AuctionEvent, AuctionLifecycleEvent, SettlementEvent]) {
      for (const option of union.options) expect(schemas[`events/${option.shape.type.value}.json`], option.shape.type.value).toBeDefined();
    }
    for (const path of ["api/listing.json", "api/create-listing-request.json", "api/search-result.json", "api/api-error-body.json"]) {
      expect(schemas[path], path).toBeDefined();
    }
  });

  it("names each schema by its path, in draft 2020-12, and lists them all in index.json", () => {
    for (const [path, schema] of Object.entries(schemas)) {
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id).toBe(`${SCHEMA_BASE_URL}${path}`);
    }
    const listed = (schemaIndex().schemas as { path: string; $id: string }[]).map((s) => s.path);
    expect(listed).toEqual(Object.keys(schemas));
  });

  it("describes requests as received (defaults optional) and responses as sent (every field present)", () => {
    const create = schemas["api/create-listing-request.json"] as { required: string[] };
    expect(create.required).not.toContain("description");
    const listing = schemas["api/listing.json"] as { required: string[] };
    expect(listing.required).toContain("description");
  });
});

describe("the JSON Schemas mean what the zod schemas mean", () => {
  // Strict, but for strictRequired: a record keyed by an enum (NotificationPreferences) requires
  // keys it describes through propertyNames, not properties, which is valid JSON Schema.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  ajv.addSchema(Object.values(schemas));
  const validator = (path: string) => {
    const validate = ajv.getSchema(`${SCHEMA_BASE_URL}${path}`);
    if (!validate) throw new Error(`no schema ${path}`);
    return validate;
  };

  it("compiles every schema with a strict 2020-12 validator", () => {
    for (const path of Object.keys(schemas)) expect(() => validator(path), path).not.toThrow();
  });

  const at = "2026-05-01T12:00:00.000Z";
  const bid = {
    type: "bid-placed",
    auctionId: "lamp-1",
    sequence: 3,
    at,
    bidderId: "user-7",
    amount: 1500,
    auto: false,
    minimumNextBid: 1600,
    reserveMet: true,
  };
  const outbid = { type: "outbid", auctionId: "lamp-1", sequence: 4, at, bidderId: "user-3", currentPrice: 1500 };
  const closed = { type: "auction-closed", auctionId: "lamp-1", sequence: 9, at, winnerId: null, finalPrice: null, reserveMet: false };
  const create = {
    title: "Brass desk lamp",
    category: "home",
    startingPrice: 1000,
    incrementRule: { kind: "tiered", tiers: [{ from: 0, amount: 100 }] },
    startsAt: "2026-05-01T10:00:00Z",
    endsAt: "2026-05-08T10:00:00+02:00",
  };
  const listing = {
    id: "lamp-1",
    sellerId: "user-1",
    sellerName: "Ada",
    title: "Brass desk lamp",
    description: "",
    category: "home",
    imageUrls: ["/api/images/0123456789abcdef0123456789abcdef-display.webp"],
    startingPrice: 1000,
    reservePrice: null,
    hasReserve: false,
    incrementRule: { kind: "fixed", amount: 100 },
    startsAt: "2026-05-01T10:00:00.000Z",
    endsAt: "2026-05-08T10:00:00.000Z",
    antiSniping: { windowSeconds: 60, extensionSeconds: 120 },
    status: "live",
    winnerId: null,
    finalPrice: null,
    createdAt: at,
    updatedAt: at,
  };

  type Case = [name: string, path: string, zod: z.ZodType, payload: unknown];
  const valid: Case[] = [
    ["a bid-placed event", "events/bid-placed.json", BidPlacedEvent, bid],
    [
      "an event batch on auction.events",
      `topics/${Topics.auctionEvents}.json`,
      AuctionEventBatch,
      { auctionId: "lamp-1", events: [bid, outbid] },
    ],
    ["a listing", "api/listing.json", Listing, listing],
    ["a create request without its defaulted fields", "api/create-listing-request.json", CreateListingRequest, create],
    ["a close with no sale", `topics/${Topics.auctionResults}.json`, AuctionClosedEvent, closed],
    // Subscribers strip what they do not know (zod), so a producer may add a field.
    ["an event with a field a newer producer added", "events/bid-placed.json", BidPlacedEvent, { ...bid, bidCount: 4 }],
  ];
  const { amount: _amount, ...bidWithoutAmount } = bid;
  const { title: _title, ...createWithoutTitle } = create;
  const refused: Case[] = [
    ["a bid-placed event without its amount", "events/bid-placed.json", BidPlacedEvent, bidWithoutAmount],
    ["a bid-placed event with the amount as a string", "events/bid-placed.json", BidPlacedEvent, { ...bid, amount: "1500" }],
    ["a bid-placed event with a negative amount", "events/bid-placed.json", BidPlacedEvent, { ...bid, amount: -5 }],
    ["a bid-placed event with a fractional amount", "events/bid-placed.json", BidPlacedEvent, { ...bid, amount: 15.5 }],
    ["a bid-placed event with a time without zone", "events/bid-placed.json", BidPlacedEvent, { ...bid, at: "2026-05-01T12:00:00" }],
    ["an unknown event type", "events/auction-event.json", AuctionEvent, { ...bid, type: "bid-retracted" }],
    [
      "a batch holding an unknown event type",
      `topics/${Topics.auctionEvents}.json`,
      AuctionEventBatch,
      { auctionId: "lamp-1", events: [{ ...bid, type: "bid-retracted" }] },
    ],
    ["an empty batch", `topics/${Topics.auctionEvents}.json`, AuctionEventBatch, { auctionId: "lamp-1", events: [] }],
    ["a listing in an unknown status", "api/listing.json", Listing, { ...listing, status: "archived" }],
    ["a listing without its seller", "api/listing.json", Listing, { ...listing, sellerId: undefined }],
    ["a create request without a title", "api/create-listing-request.json", CreateListingRequest, createWithoutTitle],
    ["a create request with a negative price", "api/create-listing-request.json", CreateListingRequest, { ...create, startingPrice: -1 }],
    [
      "a create request with a field it does not have",
      "api/create-listing-request.json",
      CreateListingRequest,
      { ...create, sellerId: "x" },
    ],
    ["a create request in an unknown category", "api/create-listing-request.json", CreateListingRequest, { ...create, category: "cars" }],
  ];

  // JSON has no undefined: a key set to undefined above is a key left out.
  const json = (payload: unknown) => JSON.parse(JSON.stringify(payload)) as unknown;

  it.each(valid)("accepts %s, as zod does", (_name, path, zod, payload) => {
    expect(zod.safeParse(json(payload)).success).toBe(true);
    const validate = validator(path);
    expect(validate(json(payload)), ajv.errorsText(validate.errors)).toBe(true);
  });

  it.each(refused)("refuses %s, as zod does", (_name, path, zod, payload) => {
    expect(zod.safeParse(json(payload)).success).toBe(false);
    expect(validator(path)(json(payload))).toBe(false);
  });

  it("leaves what JSON Schema cannot say to zod (refinements, e.g. an end before the start)", () => {
    const backwards = { ...create, endsAt: "2026-04-01T10:00:00Z" };
    expect(CreateListingRequest.safeParse(backwards).success).toBe(false);
    expect(validator("api/create-listing-request.json")(backwards)).toBe(true);
  });
});
