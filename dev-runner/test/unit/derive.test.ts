import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deriveManifest } from "../../src/derive.js";

const REPO = resolve(import.meta.dirname, "../../..");

describe("deriveManifest", () => {
  it("gives a derived mesh databases of its own, so tests never read the developer's listings or each other's", () => {
    const mesh = deriveManifest(REPO, { shift: 5000, prefix: "mesh-unit-" });
    const services = parse(readFileSync(mesh.manifestFile, "utf8")).services as Record<string, { database?: string }>;
    expect(services.auctions?.database).toBe("auction_catalogue_m5000");
    expect(services.identity?.database).toBe("auction_identity_m5000");
    // On its own embedded PostgreSQL, moved with the other ports.
    expect(mesh.databases).toEqual(
      expect.arrayContaining([
        "postgresql://postgres@127.0.0.1:11560/auction_catalogue_m5000",
        "postgresql://postgres@127.0.0.1:11560/auction_identity_m5000",
        "postgresql://postgres@127.0.0.1:11560/auction_notifications_m5000",
        "postgresql://postgres@127.0.0.1:11560/auction_payments_m5000",
      ]),
    );
    for (const url of mesh.databases) expect(url).toMatch(/_m5000$/);
  });

  it("keeps a test's own DATABASE_URL (a proxy in front of PostgreSQL) but still names its own database", () => {
    const mesh = deriveManifest(REPO, {
      shift: 10000,
      prefix: "mesh-unit-",
      env: { auctions: { DATABASE_URL: "postgresql://postgres@127.0.0.1:15999/auction_catalogue" } },
    });
    const services = parse(readFileSync(mesh.manifestFile, "utf8")).services as Record<string, { env?: Record<string, string> }>;
    expect(services.auctions?.env?.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:15999/auction_catalogue_m10000");
    // What a reset drops is the database behind the proxy, on the server itself.
    expect(mesh.databases).toContain("postgresql://postgres@127.0.0.1:16560/auction_catalogue_m10000");
  });
});
