import { sign } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  ApiErrorBody,
  type DeadLetter,
  DeadLetterActionResult,
  DeadLetterList,
  DeadLetterStatus,
  Secrets,
  TokenAudience,
  TokenIssuer,
} from "@auction-mesh/contracts";
import pc from "picocolors";
import { SIGNING_KEYS_FILE } from "./secrets.js";

/** A failure the CLI reports as one line (what is wrong and what to do), never a stack trace. */
export class DeadLetterCliError extends Error {}

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * A short-lived admin token for the CLI, signed with the mesh's own signing key (the one
 * identity signs with; the secrets file under the state folder, readable by its owner only).
 * Whoever can read that file runs the mesh anyway, so this grants nothing new; the token
 * names the CLI as its subject and lives for `ttlSeconds`.
 */
export function mintAdminToken(signingKeyPem: string, now = new Date(), ttlSeconds = 300): string {
  const iat = Math.floor(now.getTime() / 1000);
  const header = b64url(JSON.stringify({ alg: "EdDSA", typ: "JWT" }));
  const claims = b64url(
    JSON.stringify({
      sub: "mesh-cli",
      name: "mesh CLI",
      roles: ["admin"],
      iss: TokenIssuer,
      aud: TokenAudience,
      iat,
      exp: iat + ttlSeconds,
    }),
  );
  const signature = sign(null, Buffer.from(`${header}.${claims}`), signingKeyPem);
  return `${header}.${claims}.${b64url(signature)}`;
}

/** The signing key from a mesh's state folder, or an error saying how to get one. */
export function readSigningKey(stateDir: string): string {
  const file = resolve(stateDir, SIGNING_KEYS_FILE);
  if (!existsSync(file)) throw new DeadLetterCliError(`no secrets file at ${file}: start the mesh once (npm run dev)`);
  let secrets: Record<string, unknown>;
  try {
    secrets = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    throw new DeadLetterCliError(`${file} is not valid JSON`);
  }
  const key = secrets[Secrets.jwtSigningKey];
  if (typeof key !== "string") throw new DeadLetterCliError(`${file} has no '${Secrets.jwtSigningKey}'`);
  return key;
}

/** One dead letter per line: id, status, time, app, topic, reason. */
export function formatDeadLetters(items: DeadLetter[]): string {
  if (items.length === 0) return "no dead letters";
  return items
    .map((d) => {
      const status = d.status === "waiting" ? pc.yellow(d.status.padEnd(9)) : pc.dim(d.status.padEnd(9));
      return `${d.id}  ${status}  ${d.firstSeenAt}  ${d.app} <- ${d.topic}  [${d.cause}]\n    ${d.reason}`;
    })
    .join("\n");
}

export interface DeadLetterCommand {
  action: "list" | "replay" | "discard";
  id?: string;
  status?: string;
}

/** Parses `dead-letters [list|replay ID|discard ID] [--status S]`. */
export function parseDeadLetterCommand(args: (string | undefined)[], status: string | undefined): DeadLetterCommand {
  const [action = "list", id] = args;
  if (action !== "list" && action !== "replay" && action !== "discard") {
    throw new DeadLetterCliError(`unknown dead-letters action '${action}': use list, replay ID or discard ID`);
  }
  if (action !== "list" && !id) throw new DeadLetterCliError(`dead-letters ${action} needs the dead letter's id (see dead-letters list)`);
  if (status !== undefined && !DeadLetterStatus.safeParse(status).success) {
    throw new DeadLetterCliError(`--status must be one of ${DeadLetterStatus.options.join(", ")} (got '${status}')`);
  }
  return { action, ...(id ? { id } : {}), ...(status ? { status } : {}) };
}

/** Runs one dead-letters command against a running mesh's gateway; returns the exit code. */
export async function runDeadLetterCommand(
  command: DeadLetterCommand,
  gatewayUrl: string,
  token: string,
  print: (line: string) => void = console.log,
): Promise<number> {
  const base = `${gatewayUrl}/api/admin/dead-letters`;
  const url =
    command.action === "list"
      ? `${base}${command.status ? `?status=${command.status}` : ""}`
      : `${base}/${encodeURIComponent(command.id ?? "")}/${command.action}`;
  let res: Response;
  try {
    res = await fetch(url, { method: command.action === "list" ? "GET" : "POST", headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new DeadLetterCliError(`the gateway at ${gatewayUrl} does not answer: is the mesh up? (npm run dev)`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = ApiErrorBody.safeParse(body);
    throw new DeadLetterCliError(error.success ? `${error.data.code}: ${error.data.message}` : `the gateway answered ${res.status}`);
  }
  if (command.action === "list") {
    print(formatDeadLetters(DeadLetterList.parse(body).items));
    return 0;
  }
  const { deadLetter, changed } = DeadLetterActionResult.parse(body);
  print(changed ? `${deadLetter.id} ${deadLetter.status}` : `${deadLetter.id} was ${deadLetter.status} already; nothing changed`);
  return 0;
}
