import { generateKeyPairSync, verify } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { DeadLetter } from "@auction-mesh/contracts";
import { describe, expect, it } from "vitest";
import { formatDeadLetters, mintAdminToken, parseDeadLetterCommand, readSigningKey } from "../../src/dead-letters.js";

describe("mintAdminToken", () => {
  it("signs a short-lived admin token identity's verifier accepts (EdDSA, issuer, audience)", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const now = new Date("2026-11-24T20:00:00Z");
    const token = mintAdminToken(privateKey.export({ type: "pkcs8", format: "pem" }).toString(), now, 300);
    const [header, claims, signature] = token.split(".") as [string, string, string];
    expect(verify(null, Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, "base64url"))).toBe(true);
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "EdDSA", typ: "JWT" });
    expect(JSON.parse(Buffer.from(claims, "base64url").toString())).toEqual({
      sub: "mesh-cli",
      name: "mesh CLI",
      roles: ["admin"],
      iss: "auction-mesh/identity",
      aud: "auction-mesh",
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 300,
    });
  });
});

describe("readSigningKey", () => {
  it("says what is missing instead of throwing a stack", () => {
    const dir = mkdtempSync(join(tmpdir(), "dl-cli-"));
    expect(() => readSigningKey(dir)).toThrow(/no secrets file at .*signing-keys\.json: start the mesh once/);
    mkdirSync(join(dir, "secrets"));
    writeFileSync(join(dir, "secrets/signing-keys.json"), "{}");
    expect(() => readSigningKey(dir)).toThrow(/has no 'jwt-signing-key'/);
    writeFileSync(join(dir, "secrets/signing-keys.json"), '{"jwt-signing-key":"PEM"}');
    expect(readSigningKey(dir)).toBe("PEM");
  });
});

describe("parseDeadLetterCommand", () => {
  it("defaults to list and checks the action, the id and the status", () => {
    expect(parseDeadLetterCommand([undefined, undefined], undefined)).toEqual({ action: "list" });
    expect(parseDeadLetterCommand(["list"], "waiting")).toEqual({ action: "list", status: "waiting" });
    expect(parseDeadLetterCommand(["replay", "d-1"], undefined)).toEqual({ action: "replay", id: "d-1" });
    expect(() => parseDeadLetterCommand(["discard"], undefined)).toThrow(/needs the dead letter's id/);
    expect(() => parseDeadLetterCommand(["purge", "x"], undefined)).toThrow(/unknown dead-letters action 'purge'/);
    expect(() => parseDeadLetterCommand(["list"], "lost")).toThrow(/--status must be one of waiting, replayed, discarded \(got 'lost'\)/);
  });
});

describe("formatDeadLetters", () => {
  it("shows id, status, time, app, topic, cause and reason", () => {
    const d: DeadLetter = {
      id: "d-1",
      topic: "auction.events",
      app: "gateway",
      eventId: "e-1",
      cause: "contract-violation",
      reason: "violates the auction.events contract",
      payload: {},
      firstSeenAt: "2026-11-24T20:00:00.000Z",
      arrivals: 1,
      status: "waiting",
      resolvedAt: null,
      resolvedBy: null,
    };
    const text = stripVTControlCharacters(formatDeadLetters([d]));
    expect(text).toContain("d-1  waiting    2026-11-24T20:00:00.000Z  gateway <- auction.events  [contract-violation]");
    expect(text).toContain("violates the auction.events contract");
    expect(formatDeadLetters([])).toBe("no dead letters");
  });
});
