import { GatewayClient } from "./gateway-client.js";
import { type Running, startMesh, type TestMesh } from "./harness.js";

export interface MeshSuite {
  mesh: TestMesh;
  runner: Running;
  gateway: GatewayClient;
}

/** Starts a mesh for a test file (in beforeAll): the runner and a client for its gateway. */
export async function startSuite(mesh: TestMesh): Promise<MeshSuite> {
  const runner = await startMesh(mesh);
  return { mesh, runner, gateway: new GatewayClient(mesh.gatewayUrl) };
}

/** Ctrl-C for a runner that is still running (in afterAll). */
export async function stopRunner(runner: Running | undefined): Promise<void> {
  if (runner && runner.child.exitCode === null) {
    runner.child.kill("SIGINT");
    await runner.exited;
  }
}
