import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("loadConfig", () => {
  it("applies defaults and coerces numbers", () => {
    const config = loadConfig({}, { APP_ID: "bidding", APP_PORT: "7100" });
    expect(config).toMatchObject({ APP_ID: "bidding", APP_PORT: 7100, DAPR_HTTP_PORT: 3500, DAPR_HOST: "127.0.0.1", LOG_LEVEL: "info" });
  });

  it("names every bad variable and what it got", () => {
    let error: unknown;
    try {
      loadConfig({ BATCH: z.coerce.number().int() }, { APP_PORT: "abc", BATCH: "x", LOG_LEVEL: "loud" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/APP_ID: .*it is not set/);
    expect(message).toMatch(/APP_PORT: .*got "abc"/);
    expect(message).toMatch(/BATCH: .*got "x"/);
    expect(message).toMatch(/LOG_LEVEL: .*got "loud"/);
  });

  it("refuses a token too short to be a secret", () => {
    expect(() => loadConfig({}, { APP_ID: "a", APP_PORT: "1", APP_API_TOKEN: "short" })).toThrow(/APP_API_TOKEN/);
  });
});
