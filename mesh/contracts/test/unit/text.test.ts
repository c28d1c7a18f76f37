import { describe, expect, it } from "vitest";
import {
  BidHistoryQuery,
  CreateListingRequest,
  ListListingsQuery,
  LoginRequest,
  SignUpRequest,
  UpdateListingRequest,
} from "../../src/index.js";

// Every string these contracts accept ends up in PostgreSQL, which refuses NUL in text (a 500
// the mesh would retry for 8 s): the edge must refuse it, and the other C0 controls with it.
const listing = {
  title: "Blue vase",
  category: "art",
  startingPrice: 1000,
  incrementRule: { kind: "fixed", amount: 100 },
  startsAt: "2026-12-01T10:00:00Z",
  endsAt: "2026-12-01T12:00:00Z",
};
const signUp = { email: "ada@example.com", password: "quiet harbor lantern 77", displayName: "Ada" };

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("text fields refuse control characters", () => {
  it.each(["\u0000", "\u0001", "\u0008", "\u000b", "\u001b", "\u007f"])("refuses %j in every stored string", (c) => {
    expect(paths(ListListingsQuery.safeParse({ q: `va${c}se` }))).toContain("q");
    expect(paths(ListListingsQuery.safeParse({ q: c }))).toContain("q");
    expect(paths(ListListingsQuery.safeParse({ sellerId: `u${c}` }))).toContain("sellerId");
    expect(paths(ListListingsQuery.safeParse({ cursor: `abc${c}` }))).toContain("cursor");
    expect(paths(CreateListingRequest.safeParse({ ...listing, title: `Blue${c}vase` }))).toContain("title");
    expect(paths(CreateListingRequest.safeParse({ ...listing, description: `old${c}` }))).toContain("description");
    expect(paths(CreateListingRequest.safeParse({ ...listing, imageUrls: [`/img${c}.png`] }))).toContain("imageUrls.0");
    expect(paths(UpdateListingRequest.safeParse({ title: `Blue${c}vase` }))).toContain("title");
    expect(paths(UpdateListingRequest.safeParse({ description: `a${c}b` }))).toContain("description");
    expect(paths(UpdateListingRequest.safeParse({ imageUrls: [`/a${c}`] }))).toContain("imageUrls.0");
    expect(paths(SignUpRequest.safeParse({ ...signUp, displayName: `Ada${c}` }))).toContain("displayName");
    expect(paths(SignUpRequest.safeParse({ ...signUp, email: `ada${c}@example.com` }))).toContain("email");
    expect(paths(LoginRequest.safeParse({ email: `ada${c}@example.com`, password: "x" }))).toContain("email");
  });

  it("says why, in words a user can act on", () => {
    const result = ListListingsQuery.safeParse({ q: "\u0000" });
    expect(result.error?.issues[0]?.message).toMatch(/control character/);
  });

  it("keeps tabs and line breaks where text may span lines, and nowhere else", () => {
    expect(CreateListingRequest.parse({ ...listing, description: "Line one\nline two\r\n\tindented" }).description).toBe(
      "Line one\nline two\r\n\tindented",
    );
    expect(paths(CreateListingRequest.safeParse({ ...listing, title: "Blue\nvase" }))).toContain("title");
    expect(paths(SignUpRequest.safeParse({ ...signUp, displayName: "A\tda" }))).toContain("displayName");
  });

  it("accepts ordinary text, accents and emoji", () => {
    expect(ListListingsQuery.parse({ q: "vase ½ — Ünïcødé 🏺" }).q).toBe("vase ½ — Ünïcødé 🏺");
    expect(SignUpRequest.parse({ ...signUp, displayName: "Zoë 🐝" }).displayName).toBe("Zoë 🐝");
  });
});

describe("numbers that reach PostgreSQL fit their columns", () => {
  it("refuses a bid-history cursor beyond a 32-bit sequence", () => {
    expect(BidHistoryQuery.parse({ before: "2147483647" }).before).toBe(2_147_483_647);
    expect(paths(BidHistoryQuery.safeParse({ before: "2147483648" }))).toContain("before");
    expect(paths(BidHistoryQuery.safeParse({ before: "9007199254740991" }))).toContain("before");
  });
});
