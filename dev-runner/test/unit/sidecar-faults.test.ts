import { describe, expect, it } from "vitest";
import { sidecarFault } from "../../src/sidecar-faults.js";

describe("sidecarFault", () => {
  it("names a name resolver that failed to start (seen when four sidecars migrated one SQLite file at once)", () => {
    const line =
      '{"app_id":"bidding","instance":"vm","level":"error","msg":"[INIT_COMPONENT_FAILURE]: initialization error occurred for nr (sqlite/v1): failed to perform migrations: failed to get a connection from the pool: database is locked (5) (SQLITE_BUSY)","scope":"dapr.runtime","time":"2026-11-24T21:54:35.385641605Z","type":"log","ver":"1.18.2"}';
    expect(sidecarFault(line)).toBe(
      "its name resolver failed to start ([INIT_COMPONENT_FAILURE]: initialization error occurred for nr (sqlite/v1): failed to perform migrations: failed to get a connection from the pool: database is locked (5) (SQLITE_BUSY))",
    );
  });

  it("ignores other lines, other components' errors included (daprd exits on those itself)", () => {
    expect(sidecarFault('{"level":"info","msg":"Initializing Dapr workflow component"}')).toBeUndefined();
    expect(
      sidecarFault(
        '{"level":"error","msg":"[INIT_COMPONENT_FAILURE]: initialization error occurred for pubsub (pubsub.redis/v1): dial tcp"}',
      ),
    ).toBeUndefined();
  });
});
