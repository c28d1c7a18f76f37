import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest, ManifestError, startOrder } from "../../src/manifest.js";
import { formatProblem } from "../../src/yaml-source.js";

const REPO = resolve(import.meta.dirname, "../../..");

function manifestWith(from: string, to: string): string {
  const root = mkdtempSync(join(tmpdir(), "mesh-manifest-"));
  const text = readFileSync(join(REPO, "auction-mesh.yaml"), "utf8");
  if (!text.includes(from)) throw new Error(`fixture: '${from}' not in the manifest`);
  writeFileSync(join(root, "auction-mesh.yaml"), text.replace(from, to));
  return root;
}

function problemsOf(root: string): string[] {
  try {
    loadManifest(root);
    return [];
  } catch (err) {
    if (err instanceof ManifestError) return err.problems.map(formatProblem);
    throw err;
  }
}

describe("manifest", () => {
  it("loads the repository's manifest", () => {
    const m = loadManifest(REPO);
    expect(Object.keys(m.services)).toEqual(expect.arrayContaining(["gateway", "bidding"]));
  });

  it("names a misspelled key with its line", () => {
    expect(
      problemsOf(
        manifestWith(
          "    dependsOn: [bidding, identity, auctions, payments, notifications",
          "    dependOn: [bidding, identity, auctions, payments, notifications",
        ),
      ),
    ).toEqual([expect.stringMatching(/^auction-mesh\.yaml:\d+:\d+ {2}services\.gateway\.dependOn: .*dependOn/)]);
  });

  it("names an unknown dependency", () => {
    expect(
      problemsOf(
        manifestWith(
          "dependsOn: [bidding, identity, auctions, payments, notifications",
          "dependsOn: [biding, identity, auctions, payments, notifications",
        ),
      ),
    ).toEqual([expect.stringMatching(/services\.gateway\.dependsOn\[0\]: unknown service 'biding'/)]);
  });

  it("names an unknown profile", () => {
    expect(problemsOf(manifestWith("profile: default", "profile: kafka"))).toEqual([expect.stringMatching(/profile: no profile 'kafka'/)]);
  });

  it("refuses a profile that gives the services' databases no PostgreSQL, and one that names two", () => {
    expect(problemsOf(manifestWith("embedded: [postgres, nats,", "embedded: [nats,"))).toEqual([
      expect.stringMatching(
        /^auction-mesh\.yaml:\d+:\d+ {2}profiles\.default: identity, auctions, payments, notifications, search, media keep databases, but this profile has no PostgreSQL/,
      ),
    ]);
    expect(
      problemsOf(
        manifestWith("    components: components/redis\n    embedded: [", "    components: components/redis\n    embedded: [postgres, "),
      ),
    ).toEqual([expect.stringMatching(/profiles\.redis\.postgres: the profile embeds postgres: drop postgres\.url/)]);
  });

  it("refuses a PostgreSQL URL that names a database (each service names its own) and a bad database name", () => {
    expect(
      problemsOf(
        manifestWith(
          'postgres: { url: "postgresql://postgres@127.0.0.1:5432" }',
          'postgres: { url: "postgresql://postgres@127.0.0.1:5432/auction" }',
        ),
      ),
    ).toEqual([expect.stringMatching(/profiles\.redis\.postgres\.url: a server URL without a database/)]);
    expect(problemsOf(manifestWith("database: auction_identity", "database: auction-identity"))).toEqual([
      expect.stringMatching(/services\.identity\.database: a database name/),
    ]);
  });

  it("orders services by dependency and refuses cycles", () => {
    expect(startOrder({ gateway: { dependsOn: ["bidding"] }, bidding: { dependsOn: [] }, search: { dependsOn: [] } })).toEqual([
      ["bidding", "search"],
      ["gateway"],
    ]);
    expect(() => startOrder({ a: { dependsOn: ["b"] }, b: { dependsOn: ["a"] } })).toThrow(/cycle among: a, b/);
  });
});
