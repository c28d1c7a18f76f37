import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { threadId } from "node:worker_threads";
import type { Manifest } from "./manifest.js";
import type { Tokens } from "./plan/types.js";

/** What a running `up` leaves on disk so `status`, `down` and `logs` work from another shell. */
export interface RunnerState {
  pid: number;
  startedAt: string;
  profile: string;
  dashboardUrl: string;
  /** Process-group leaders, so `down` can clean up even after a runner crash. */
  processes: { name: string; pid: number | undefined }[];
}

/**
 * Sidecars run from the mesh's state folder, so relative paths in component and configuration
 * YAML (SQLite state store `data/statestore.db`, name resolution `data/nameresolution.db`,
 * secrets `secrets/secrets.json`) belong to one mesh: a test mesh never shares name
 * resolution or state with a developer's. The data folder must exist before they start.
 */
export function ensureDataDir(stateDir: string): void {
  mkdirSync(resolve(stateDir, "data"), { recursive: true });
}

export function statePaths(root: string, manifest: Manifest) {
  const dir = resolve(root, manifest.stateDir);
  return { dir, runner: join(dir, "runner.json"), logs: join(dir, "logs"), data: join(dir, "data"), tokens: join(dir, "tokens.json") };
}

/**
 * Written whole, then renamed into place: the runner rewrites it every second, and `down` in
 * another shell that read a half-written file took the mesh for stopped and left it running.
 */
export function writeRunnerState(file: string, state: RunnerState): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.${threadId}.tmp`;
  writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(partial, file);
}

export function readRunnerState(file: string): RunnerState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RunnerState;
  } catch {
    return undefined;
  }
}

export function clearRunnerState(file: string): void {
  rmSync(file, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The app and Dapr API tokens and the Meilisearch master key of this environment: generated
 * once per state folder (kept out of git under .mesh/, readable by the owner only), reused
 * across runs so restarted pieces still match, and Meilisearch still opens its indexes. A file
 * from before one of them existed keeps the others and gains the missing one.
 */
export function loadOrCreateTokens(file: string): Tokens {
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<Tokens>) : {};
  const tokens: Tokens = {
    app: saved.app || randomBytes(24).toString("hex"),
    dapr: saved.dapr || randomBytes(24).toString("hex"),
    meilisearch: saved.meilisearch || randomBytes(32).toString("hex"),
  };
  if (tokens.app !== saved.app || tokens.dapr !== saved.dapr || tokens.meilisearch !== saved.meilisearch) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  }
  return tokens;
}
