import { z } from "zod";
import { AuctionSnapshot, OpenAuctionRequest } from "./auction.js";
import { AuditTrail, AuditTrailQuery } from "./audit.js";
import { PlaceBidCommand, PlaceBidResult, RestBidBody } from "./bids.js";
import { AdmitDeadLetterRequest, DeadLetter, DeadLetterActionResult, DeadLetterList, DeadLetterListQuery } from "./dead-letters.js";
import { ApiErrorBody } from "./errors.js";
import { AuctionEvent, TopicSchemas } from "./events.js";
import { AuthSession, LoginRequest, SignUpRequest, TokenClaims, UserProfile } from "./identity.js";
import { ImagesInUse, ImagesInUseRequest, UploadedImage } from "./images.js";
import {
  AuctionLifecycleEvent,
  BidHistoryPage,
  BidHistoryQuery,
  CreateListingRequest,
  Listing,
  ListingPage,
  ListListingsQuery,
  MyBidsPage,
  UpdateListingRequest,
} from "./listings.js";
import {
  CardUpdate,
  JoinAnswer,
  JoinRequest,
  LiveBidAnswer,
  LiveBidRequest,
  LiveEventFrame,
  LiveHandshake,
  WatchCardsRequest,
} from "./live.js";
import {
  Contact,
  ContactQuery,
  MarkReadRequest,
  MarkReadResult,
  NotificationPage,
  NotificationPreferences,
  NotificationQuery,
  PreferencesUpdate,
} from "./notifications.js";
import { StatementPage, StatementQuery, TopUpRequest, TopUpResult, WalletBalance } from "./payments.js";
import { ListingExportPage, ListingExportQuery, ReindexStatus, SearchQuery, SearchResult } from "./search.js";
import { SaleOutcome, Settlement } from "./settlement.js";
import { SettlementEvent } from "./settlement-events.js";
import { LotsPage, LotsQuery, WatchChange, Watches, WatchQuery, WatchState } from "./watchlist.js";

/**
 * The zod contracts as JSON Schema (draft 2020-12, zod 4's `z.toJSONSchema`), for services and
 * clients in other languages. `npm run schemas -w @auction-mesh/contracts` writes them to
 * mesh/contracts/schemas (scripts/write-schemas.mjs); a unit test fails when those files drift
 * from what this module generates.
 *
 * Which side of a schema (`io`) each file describes:
 * - requests (`api/`, `live/` client -> gateway): `io: "input"`, what the receiver accepts:
 *   fields with a default are optional, and objects that are not `.strict()` let unknown keys
 *   through (zod strips them);
 * - responses (`api/`, `live/` gateway -> client): `io: "output"`, what the sender produces:
 *   every defaulted field is present, and objects list every key they may have
 *   (`additionalProperties: false`);
 * - events and topic messages (`events/`, `topics/`): `io: "input"`, what every subscriber
 *   accepts, since each parses every delivery with these zod schemas (and the message hospital
 *   judges contract violations by them). They have no defaults or transforms, so the only
 *   difference from `"output"` is that unknown keys pass, as they do in a TypeScript subscriber:
 *   a producer may add a field without a subscriber in another language refusing the message.
 *
 * `unrepresentable` stays at its default ("throw"): every schema here is representable, so a
 * new contract that is not (a transform, a date, a bigint) fails the generator loudly instead of
 * turning into `{}`. What JSON Schema cannot say is left out: refinements (`.refine`: endsAt
 * after startsAt, consecutive sequences, no control characters) and, in requests, the checks
 * after a `.pipe` (an e-mail address is checked after trimming and lower-casing it).
 */

/**
 * The `format`s JSON Schema 2020-12 defines. zod also names checks it writes as a `pattern`
 * (`.startsWith` as "starts_with"): a validator does not know those, so they are left out.
 */
const STANDARD_FORMATS = new Set([
  "date-time",
  "date",
  "time",
  "duration",
  "email",
  "idn-email",
  "hostname",
  "idn-hostname",
  "ipv4",
  "ipv6",
  "uri",
  "uri-reference",
  "iri",
  "iri-reference",
  "uuid",
  "uri-template",
  "json-pointer",
  "relative-json-pointer",
  "regex",
]);

export const SCHEMA_BASE_URL = "https://auction-mesh.dev/schemas/";
const DIALECT = "https://json-schema.org/draft/2020-12/schema";

type Io = "input" | "output";
type Kind = "topic" | "event" | "request" | "response";

interface Entry {
  path: string;
  title: string;
  kind: Kind;
  io: Io;
  schema: z.ZodType;
}

/** "CreateListingRequest" -> "create-listing-request". */
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

/** The event variants of a union discriminated by `type`, one file each under events/. */
function variants(union: { options: readonly z.ZodObject[] }): Entry[] {
  return union.options.map((option) => {
    const type = (option.shape.type as z.ZodLiteral<string>).value;
    return { path: `events/${type}.json`, title: `${type} event`, kind: "event", io: "input", schema: option };
  });
}

/** The REST bid body (POST /api/auctions/{auctionId}/bids). */
const PlaceBidRequest = RestBidBody;

/** Request payloads (service invocation, REST, actor calls), by name: `io: "input"`. */
const requests: Record<string, z.ZodType> = {
  AdmitDeadLetterRequest,
  AuditTrailQuery,
  BidHistoryQuery,
  ContactQuery,
  CreateListingRequest,
  DeadLetterListQuery,
  ImagesInUseRequest,
  ListingExportQuery,
  ListListingsQuery,
  LoginRequest,
  LotsQuery,
  MarkReadRequest,
  NotificationQuery,
  OpenAuctionRequest,
  PlaceBidCommand,
  PlaceBidRequest,
  PreferencesUpdate,
  SaleOutcome,
  SearchQuery,
  SignUpRequest,
  StatementQuery,
  TopUpRequest,
  UpdateListingRequest,
  WatchChange,
  WatchQuery,
};

/** Response payloads, by name: `io: "output"`. */
const responses: Record<string, z.ZodType> = {
  ApiErrorBody,
  AuditTrail,
  AuctionSnapshot,
  AuthSession,
  BidHistoryPage,
  Contact,
  DeadLetter,
  DeadLetterActionResult,
  DeadLetterList,
  ImagesInUse,
  Listing,
  ListingExportPage,
  ListingPage,
  LotsPage,
  MarkReadResult,
  MyBidsPage,
  NotificationPage,
  NotificationPreferences,
  PlaceBidResult,
  ReindexStatus,
  SearchResult,
  Settlement,
  StatementPage,
  TokenClaims,
  TopUpResult,
  UploadedImage,
  UserProfile,
  WalletBalance,
  WatchState,
  Watches,
};

/** Socket.IO payloads (LiveMessages): what browsers send, and what the gateway sends them. */
const liveRequests: Record<string, z.ZodType> = { JoinRequest, LiveBidRequest, LiveHandshake, WatchCardsRequest };
const liveResponses: Record<string, z.ZodType> = { CardUpdate, JoinAnswer, LiveBidAnswer, LiveEventFrame };

const named = (folder: string, schemas: Record<string, z.ZodType>, kind: Kind, io: Io): Entry[] =>
  Object.entries(schemas).map(([title, schema]) => ({ path: `${folder}/${kebab(title)}.json`, title, kind, io, schema }));

function entries(): Entry[] {
  const all: Entry[] = [
    ...Object.entries(TopicSchemas).map(
      ([topic, schema]): Entry => ({
        path: `topics/${topic}.json`,
        title: `${topic} message`,
        kind: "topic",
        io: "input",
        schema,
      }),
    ),
    { path: "events/auction-event.json", title: "AuctionEvent", kind: "event", io: "input", schema: AuctionEvent },
    ...variants(AuctionEvent),
    ...variants(AuctionLifecycleEvent),
    ...variants(SettlementEvent),
    ...named("api", requests, "request", "input"),
    ...named("api", responses, "response", "output"),
    ...named("live", liveRequests, "request", "input"),
    ...named("live", liveResponses, "response", "output"),
  ];
  const seen = new Set<string>();
  for (const { path } of all) {
    if (seen.has(path)) throw new Error(`two schemas would be written to ${path}`);
    seen.add(path);
  }
  return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The URL a schema file names itself by (`$id`). */
export const schemaId = (path: string) => `${SCHEMA_BASE_URL}${path}`;

/**
 * Every schema, by its path under mesh/contracts/schemas ("events/bid-placed.json"), in path
 * order. Pure: the same zod sources give the same objects.
 */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const { path, title, io, schema } of entries()) {
    const generated = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      override: ({ jsonSchema }) => {
        if (typeof jsonSchema.format === "string" && !STANDARD_FORMATS.has(jsonSchema.format)) delete jsonSchema.format;
      },
    });
    const { $schema: _dialect, ...body } = generated as Record<string, unknown>;
    out[path] = { $schema: DIALECT, $id: schemaId(path), title, ...body };
  }
  return out;
}

/** index.json: every schema with its `$id`, what it is, and which side of the zod schema it describes. */
export function schemaIndex(): Record<string, unknown> {
  return {
    $comment: "Generated from mesh/contracts/src by `npm run schemas -w @auction-mesh/contracts`; do not edit.",
    dialect: DIALECT,
    schemas: entries().map(({ path, title, kind, io }) => ({ path, $id: schemaId(path), title, kind, io })),
  };
}

/**
 * Every file under mesh/contracts/schemas with its exact text: the schemas and index.json,
 * formatted as `biome format` formats JSON, so the written files pass `biome check` unchanged.
 */
export function schemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, schema] of Object.entries(jsonSchemas())) files[path] = formatJson(schema);
  files["index.json"] = formatJson(schemaIndex());
  return files;
}

const LINE_WIDTH = 140;

/**
 * JSON as biome formats it (2-space indent, line width 140): a non-empty object one key per
 * line; an array on one line when it fits and holds no non-empty object, else one element per
 * line. Ends with a newline.
 */
export function formatJson(value: unknown): string {
  return `${render(value, "", "", "")}\n`;
}

/** A number as biome writes it: `1e21`, not JSON.stringify's `1e+21`. */
const scalar = (v: unknown) => (typeof v === "number" ? JSON.stringify(v).replace("e+", "e") : JSON.stringify(v));

/** The one-line form of a value, or null when biome would never put it on one line. */
function flat(value: unknown): string | null {
  if (Array.isArray(value)) {
    const items = value.map(flat);
    return items.includes(null) ? null : `[${items.join(", ")}]`;
  }
  if (typeof value === "object" && value !== null) return Object.keys(value).length === 0 ? "{}" : null;
  return scalar(value);
}

/** `prefix` is what precedes the value on its line (indent, key), `suffix` what follows it (a comma). */
function render(value: unknown, indent: string, prefix: string, suffix: string): string {
  const oneLine = flat(value);
  if (oneLine !== null && (!Array.isArray(value) || prefix.length + oneLine.length + suffix.length <= LINE_WIDTH)) return oneLine;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((v, i) => {
      const comma = i < value.length - 1 ? "," : "";
      return `${inner}${render(v, inner, inner, comma)}${comma}`;
    });
    return `[\n${items.join("\n")}\n${indent}]`;
  }
  const keys = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const items = keys.map(([k, v], i) => {
    const comma = i < keys.length - 1 ? "," : "";
    const head = `${inner}${JSON.stringify(k)}: `;
    return `${head}${render(v, inner, head, comma)}${comma}`;
  });
  return `{\n${items.join("\n")}\n${indent}}`;
}
