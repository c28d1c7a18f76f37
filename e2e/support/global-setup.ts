import type { TestProject } from "vitest/node";
import { builtBeside } from "../../dev-runner/test/integration/background-build.js";
import { testManifest } from "../../dev-runner/test/integration/harness.js";
import { startSuite, stopRunner } from "../../dev-runner/test/integration/suite.js";
import { assertBuilt, assertChromium } from "./prerequisites.js";

declare module "vitest" {
  export interface ProvidedContext {
    gatewayUrl: string;
    /** The dev runner's dashboard (processes, key figures from Prometheus, received mail, sidecar metadata, logs). */
    dashboardUrl: string;
    /** identity makes this e-mail an admin at sign-up (the dead-letters page). */
    adminEmail: string;
    /** The mesh's state folder (its Dapr API token) and bidding's sidecar HTTP port: to publish a poison message. */
    meshStateDir: string;
    biddingDaprHttpPort: number;
  }
}

/** Ports shifted by +8000: the dev mesh and the dev runner's integration tests (+1000..+7000) keep theirs. */
const PORT_SHIFT = 8000;

/** One real mesh for every browser test file: starting it costs more than all the tests together. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertChromium();
  assertBuilt();
  await builtBeside(["jaeger"]);
  const adminEmail = `admin.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;
  // Prometheus kept: the dashboard's key figures read it.
  const suite = await startSuite(
    testManifest(PORT_SHIFT, { identity: { ADMIN_EMAILS: adminEmail } }, undefined, { prometheus: true, jaeger: true }),
  );
  project.provide("gatewayUrl", suite.mesh.gatewayUrl);
  project.provide("dashboardUrl", suite.mesh.dashboardUrl);
  project.provide("adminEmail", adminEmail);
  project.provide("meshStateDir", suite.mesh.stateDir);
  project.provide("biddingDaprHttpPort", suite.mesh.ports.biddingApp + 1);
  return () => stopRunner(suite.runner);
}
