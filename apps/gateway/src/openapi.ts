import {
  ApiErrorBody,
  AuctionEvent,
  AuctionId,
  AuctionSnapshot,
  AuditTrail,
  AuthSession,
  BidHistoryPage,
  BidHistoryQuery,
  CreateListingRequest,
  DeadLetterActionResult,
  DeadLetterId,
  DeadLetterList,
  DeadLetterListQuery,
  IdempotencyKeyHeader,
  ImageFileName,
  ImageLimits,
  Listing,
  ListingPage,
  ListListingsQuery,
  LoginRequest,
  LotsPage,
  MarkReadRequest,
  MarkReadResult,
  MeshHeaders,
  MyBidsPage,
  NotificationPage,
  NotificationPreferences,
  NotificationQuery,
  PlaceBidResult,
  PreferencesUpdate,
  RestBidBody,
  SearchQuery,
  SearchResult,
  Settlement,
  SignUpRequest,
  StatementPage,
  StatementQuery,
  TopUpRequest,
  TopUpResult,
  UpdateListingRequest,
  UploadedImage,
  UserProfile,
  WalletBalance,
  WatchState,
} from "@auction-mesh/contracts";
import { z } from "zod";
import { AuditPageQuery } from "./admin-routes.js";

const json = (schema: z.ZodType) => ({ "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } });
const ok = (description: string, schema: z.ZodType) => ({ description, content: json(schema) });
const error = (description: string) => ({ description, content: json(ApiErrorBody) });
const auctionIdParam = { name: "auctionId", in: "path", required: true, schema: z.toJSONSchema(AuctionId) };
const bearer = [{ bearer: [] }];
const deadLetterIdParam = { name: "id", in: "path", required: true, schema: z.toJSONSchema(DeadLetterId) };
const adminOnly = {
  401: error("No token (UNAUTHENTICATED) or a bad one (TOKEN_INVALID)"),
  403: error("Not an admin (FORBIDDEN)"),
};
/** Creates take an optional Idempotency-Key: a resend with the same key makes nothing new. */
const idempotencyKeyParam = {
  name: MeshHeaders.idempotencyKey,
  in: "header",
  required: false,
  description:
    "Your name for this attempt (e.g. a UUID); resend with the same key after a network error and you get what the first attempt made, never a second one.",
  schema: z.toJSONSchema(IdempotencyKeyHeader),
};
const badKey = "or a malformed Idempotency-Key (INVALID_IDEMPOTENCY_KEY)";
const signedIn = { 401: error("No token (UNAUTHENTICATED) or a bad one (TOKEN_INVALID)") };

/** Query parameters from a zod object: one entry per key. */
function queryParams(schema: z.ZodObject): unknown[] {
  const properties = (z.toJSONSchema(schema, { io: "input" }) as { properties: Record<string, unknown> }).properties;
  return Object.entries(properties).map(([name, s]) => ({ name, in: "query", required: false, schema: s }));
}

/**
 * The gateway's public API as OpenAPI 3.1, generated from the same zod contracts the code
 * validates with, so the document cannot drift from what the gateway accepts.
 */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Auction Mesh gateway",
      version: "0.2.0",
      description: "Public REST API. Live updates: Socket.IO on the same origin (see README). Money is in minor units (cents).",
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    paths: {
      "/api/auth/sign-up": {
        post: {
          summary: "Create an account (bidder or seller) and sign in",
          parameters: [idempotencyKeyParam],
          requestBody: { required: true, content: json(SignUpRequest) },
          responses: {
            201: ok("Signed up and signed in (also the answer to a resend with the same key and password)", AuthSession),
            400: error(`Invalid request (VALIDATION_FAILED), a weak password (WEAK_PASSWORD, with suggestions) ${badKey}`),
            409: error("The e-mail has an account already (EMAIL_TAKEN)"),
            503: error("Too busy to hash the password in time (OVERLOADED); retry after Retry-After seconds with the same Idempotency-Key"),
          },
        },
      },
      "/api/auth/login": {
        post: {
          summary: "Sign in",
          requestBody: { required: true, content: json(LoginRequest) },
          responses: {
            200: ok("Signed in", AuthSession),
            401: error("Wrong e-mail or password (INVALID_CREDENTIALS)"),
            503: error("Too busy to check the password in time (OVERLOADED); retry after Retry-After seconds"),
          },
        },
      },
      "/api/auth/me": {
        get: { summary: "The signed-in user", security: bearer, responses: { 200: ok("The user", UserProfile), ...signedIn } },
      },
      "/api/wallet": {
        get: {
          summary: "The signed-in person's wallet balance",
          security: bearer,
          responses: { 200: ok("Balance", WalletBalance), ...signedIn },
        },
      },
      "/api/wallet/statement": {
        get: {
          summary: "The wallet's ledger postings, newest first, paged",
          security: bearer,
          parameters: queryParams(StatementQuery),
          responses: {
            200: ok("A page of lines; pass nextBefore back as before", StatementPage),
            400: error("Invalid query"),
            ...signedIn,
          },
        },
      },
      "/api/wallet/top-ups": {
        post: {
          summary: "Add sandbox funds (no card is charged; retry with the same Idempotency-Key: added once)",
          security: bearer,
          parameters: [idempotencyKeyParam],
          requestBody: { required: true, content: json(TopUpRequest) },
          responses: {
            201: ok("Added (or, for a repeated key, what the first attempt added)", TopUpResult),
            400: error(`Invalid amount (VALIDATION_FAILED) ${badKey}`),
            ...signedIn,
            409: error("The key was used for another amount (IDEMPOTENCY_KEY_REUSED), or the wallet would hold too much (WALLET_LIMIT)"),
          },
        },
      },
      "/api/auctions/{auctionId}/settlement": {
        get: {
          summary: "How a won auction is being paid for: amounts, status, payment deadline (its buyer, its seller, admins)",
          security: bearer,
          parameters: [auctionIdParam],
          responses: { 200: ok("The settlement", Settlement), ...signedIn, 404: error("No settlement you may see (SETTLEMENT_NOT_FOUND)") },
        },
      },
      "/api/auctions/{auctionId}/second-chance": {
        post: {
          summary: "Accept a second-chance offer: buy the lot the winner did not pay for, at your highest bid (the runner-up)",
          security: bearer,
          parameters: [auctionIdParam],
          responses: {
            202: ok("Accepted: the saga holds the total and completes the sale", Settlement),
            ...signedIn,
            404: error("No settlement you may see (SETTLEMENT_NOT_FOUND)"),
            409: error("No offer open to you (NO_OPEN_OFFER), or the wallet holds less than the total (INSUFFICIENT_FUNDS)"),
          },
        },
      },
      "/api/me/bids": {
        get: {
          summary:
            "The auctions the signed-in person bid on (latest-ending 100): their highest bid, the top bid, leading / outbid / won / lost",
          security: bearer,
          responses: { 200: ok("Their auctions", MyBidsPage), ...signedIn },
        },
      },
      "/api/auctions/{auctionId}/watch": {
        get: {
          summary: "Whether the signed-in person watches the auction",
          security: bearer,
          parameters: [auctionIdParam],
          responses: { 200: ok("Watching or not", WatchState), ...signedIn },
        },
        put: {
          summary: "Watch the auction: hear when it ends soon, without bidding (idempotent)",
          security: bearer,
          parameters: [auctionIdParam],
          responses: {
            200: ok("Watching", WatchState),
            ...signedIn,
            404: error("No auction anyone may see (AUCTION_NOT_FOUND)"),
            409: error("The watchlist is full (WATCHLIST_FULL)"),
            503: error("The reminder could not be planned now; nothing was kept (SCHEDULER_UNAVAILABLE)"),
          },
        },
        delete: {
          summary: "Stop watching the auction (idempotent)",
          security: bearer,
          parameters: [auctionIdParam],
          responses: { 200: ok("Not watching", WatchState), ...signedIn },
        },
      },
      "/api/search": {
        get: {
          summary:
            "Search listings: words (typos forgiven; symbols matched literally), category, status, price range, seller, sort, page; with facet counts",
          parameters: queryParams(SearchQuery),
          responses: {
            200: ok("A page of matches; `engine` says whether Meilisearch or PostgreSQL answered", SearchResult),
            400: error("Invalid query: a control character, over 200 characters, minPrice above maxPrice (VALIDATION_FAILED)"),
          },
        },
      },
      "/api/images": {
        post: {
          summary: `Upload a lot photo (sellers): multipart/form-data, one file in the field \`image\`, at most ${ImageLimits.maxBytes / 1024 / 1024} MiB; JPEG, PNG, WebP, AVIF or GIF by content. Stored as a display size and a thumbnail (WebP, metadata stripped); put \`display\` in the listing's imageUrls`,
          security: bearer,
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: { type: "object", properties: { image: { type: "string", format: "binary" } }, required: ["image"] },
              },
            },
          },
          responses: {
            201: ok("Stored: where its two sizes are served", UploadedImage),
            400: error("No file in the field `image` (IMAGE_MISSING), or a malformed multipart body (BAD_UPLOAD)"),
            ...signedIn,
            403: error("Not a seller (FORBIDDEN)"),
            413: error("Larger than the limit (IMAGE_TOO_LARGE)"),
            415: error("Not a JPEG, PNG, WebP, AVIF or GIF, whatever its name says (IMAGE_UNSUPPORTED)"),
            422: error("Corrupt (IMAGE_UNREADABLE), too small (IMAGE_TOO_SMALL) or too many pixels (IMAGE_TOO_MANY_PIXELS)"),
          },
        },
      },
      "/api/images/{name}": {
        get: {
          summary: "A stored photo (image/webp), cacheable forever: its name is its content's hash",
          parameters: [{ name: "name", in: "path", required: true, schema: z.toJSONSchema(ImageFileName) }],
          responses: {
            200: { description: "The photo", content: { "image/webp": { schema: { type: "string", format: "binary" } } } },
            400: error("Not an image file name (BAD_IMAGE_NAME)"),
            404: error("No such photo (IMAGE_NOT_FOUND)"),
          },
        },
      },
      "/api/me/watchlist": {
        get: {
          summary: "The auctions the signed-in person watches, most recently watched first, with the top bid and bid count",
          security: bearer,
          responses: { 200: ok("Their watched lots", LotsPage), ...signedIn },
        },
      },
      "/api/notifications": {
        get: {
          summary: "The signed-in person's notifications, newest first, paged, with the unread count",
          security: bearer,
          parameters: queryParams(NotificationQuery),
          responses: { 200: ok("A page; pass nextBefore back as before", NotificationPage), 400: error("Invalid query"), ...signedIn },
        },
      },
      "/api/notifications/read": {
        post: {
          summary: "Mark notifications read: the listed ids, or all",
          security: bearer,
          requestBody: { required: true, content: json(MarkReadRequest) },
          responses: { 200: ok("How many changed, and the unread count", MarkReadResult), 400: error("Invalid body"), ...signedIn },
        },
      },
      "/api/notifications/preferences": {
        get: {
          summary: "Which kinds of notification also come by e-mail",
          security: bearer,
          responses: { 200: ok("Every kind, on or off", NotificationPreferences), ...signedIn },
        },
        put: {
          summary: "Turn e-mail on or off for the kinds named",
          security: bearer,
          requestBody: { required: true, content: json(PreferencesUpdate) },
          responses: { 200: ok("The preferences now", NotificationPreferences), 400: error("Unknown kind or invalid body"), ...signedIn },
        },
      },
      "/api/time": {
        get: { summary: "The server's clock (count down against it)", responses: { 200: ok("Now", z.object({ now: z.iso.datetime() })) } },
      },
      "/api/auctions": {
        get: {
          summary: "List auctions: search, filter, page (ending soonest first)",
          parameters: queryParams(ListListingsQuery),
          responses: { 200: ok("A page of auctions; pass nextCursor back as cursor", ListingPage), 400: error("Invalid query") },
        },
        post: {
          summary: "Create an auction (a draft; sellers and admins)",
          security: bearer,
          parameters: [idempotencyKeyParam],
          requestBody: { required: true, content: json(CreateListingRequest) },
          responses: {
            201: ok("Created as a draft (or, for a resend with the same key, the listing the first attempt made)", Listing),
            400: error(`Invalid request (VALIDATION_FAILED) ${badKey}`),
            ...signedIn,
            403: error("Not a seller (FORBIDDEN)"),
          },
        },
      },
      "/api/auctions/{auctionId}": {
        get: {
          summary: "One auction as the catalogue holds it",
          parameters: [auctionIdParam],
          responses: { 200: ok("The auction", Listing), 404: error("No such auction (AUCTION_NOT_FOUND)") },
        },
        patch: {
          summary: "Edit an auction before it goes live (its seller or an admin)",
          security: bearer,
          parameters: [auctionIdParam],
          requestBody: { required: true, content: json(UpdateListingRequest) },
          responses: {
            200: ok("Edited", Listing),
            ...signedIn,
            403: error("Not its seller (FORBIDDEN)"),
            409: error("Live or closed already (AUCTION_NOT_EDITABLE)"),
            422: error("The result breaks a rule (INVALID_SCHEDULE, INVALID_RESERVE, ENDS_TOO_SOON)"),
          },
        },
      },
      "/api/auctions/{auctionId}/publish": {
        post: {
          summary: "Publish a draft: bidding opens it at startsAt (at once if that has passed)",
          security: bearer,
          parameters: [auctionIdParam],
          responses: {
            200: ok("Scheduled (a listing published already is answered as it is: publishing again is safe)", Listing),
            ...signedIn,
            403: error("Not its seller"),
            409: error("Cancelled already (AUCTION_NOT_DRAFT)"),
            422: error("ENDS_TOO_SOON"),
          },
        },
      },
      "/api/auctions/{auctionId}/cancel": {
        post: {
          summary: "Cancel an auction before it goes live",
          security: bearer,
          parameters: [auctionIdParam],
          responses: {
            200: ok("Cancelled (cancelling again is safe)", Listing),
            ...signedIn,
            403: error("Not its seller"),
            409: error("Live already (AUCTION_NOT_CANCELLABLE)"),
          },
        },
      },
      "/api/auctions/{auctionId}/live": {
        get: {
          summary: "Snapshot of a live auction",
          parameters: [auctionIdParam],
          responses: { 200: ok("Snapshot", AuctionSnapshot), 404: error("Not live (AUCTION_NOT_FOUND)") },
        },
      },
      "/api/auctions/{auctionId}/bids": {
        get: {
          summary: "Bid history, newest first, paged",
          parameters: [auctionIdParam, ...queryParams(BidHistoryQuery)],
          responses: { 200: ok("A page of bids; pass nextBefore back as before", BidHistoryPage), 404: error("No such auction") },
        },
        post: {
          summary: "Place a bid (retry with the same idempotencyKey: the first answer for 5 minutes, never counted twice)",
          security: bearer,
          parameters: [auctionIdParam],
          requestBody: { required: true, content: json(RestBidBody) },
          responses: {
            201: ok("Accepted", PlaceBidResult),
            409: ok("Refused by the auction's rules (code says why)", PlaceBidResult),
            400: error("Invalid request"),
            ...signedIn,
            403: error("Not a bidder (FORBIDDEN)"),
            404: error("No such auction"),
            429: error("Rate limited (RATE_LIMITED); see Retry-After"),
          },
        },
      },
      "/api/auctions/{auctionId}/events": {
        get: {
          summary: "Recent events of an auction after a sequence number",
          parameters: [auctionIdParam, { name: "after", in: "query", required: false, schema: { type: "integer", minimum: 0 } }],
          responses: { 200: ok("Events in sequence order", z.object({ auctionId: AuctionId, events: z.array(AuctionEvent) })) },
        },
      },
      "/api/admin/dead-letters": {
        get: {
          summary: "Dead letters (messages a subscriber could not take), newest first, with the reason (admins)",
          security: bearer,
          parameters: queryParams(DeadLetterListQuery),
          responses: { 200: ok("Dead letters", DeadLetterList), 400: error("Invalid query (VALIDATION_FAILED)"), ...adminOnly },
        },
      },
      "/api/admin/dead-letters/{id}/replay": {
        post: {
          summary: "Publish a waiting dead letter to its original topic again, once (admins; repeating it changes nothing)",
          security: bearer,
          parameters: [deadLetterIdParam],
          responses: {
            200: ok("Replayed (changed: false when it was replayed already)", DeadLetterActionResult),
            ...adminOnly,
            404: error("No such dead letter (DEAD_LETTER_NOT_FOUND)"),
            409: error(
              "Discarded already (DEAD_LETTER_DISCARDED), still breaks its contract (DEAD_LETTER_STILL_INVALID) or its topic has none (DEAD_LETTER_UNKNOWN_TOPIC)",
            ),
            502: error("The broker did not take it (REPLAY_FAILED); it is waiting again"),
          },
        },
      },
      "/api/admin/dead-letters/{id}/discard": {
        post: {
          summary: "Discard a waiting dead letter (admins; repeating it changes nothing)",
          security: bearer,
          parameters: [deadLetterIdParam],
          responses: {
            200: ok("Discarded (changed: false when it was discarded already)", DeadLetterActionResult),
            ...adminOnly,
            404: error("No such dead letter (DEAD_LETTER_NOT_FOUND)"),
            409: error("Replayed already (DEAD_LETTER_REPLAYED)"),
          },
        },
      },
      "/api/admin/auctions/{auctionId}/audit": {
        get: {
          summary:
            "What happened to an auction as audit recorded it: a page of its hash-chained entries, oldest first, with the whole chain verified again (admins)",
          security: bearer,
          parameters: [auctionIdParam, ...queryParams(AuditPageQuery)],
          responses: {
            200: ok(
              "A page of entries (none for an auction audit has not heard of); pass nextAfterSeq back as afterSeq. verification: whether the chain holds, or the first entry where it breaks and why",
              AuditTrail,
            ),
            400: error("Invalid auction id or query (VALIDATION_FAILED)"),
            ...adminOnly,
            502: error("audit did not answer, or answered outside its contract (UPSTREAM_FAILED, UPSTREAM_CONTRACT_BROKEN)"),
            503: error("audit cannot read its store now (AUDIT_STORE_UNAVAILABLE); retry after Retry-After seconds"),
          },
        },
      },
    },
  };
}
