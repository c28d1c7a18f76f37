import type { MeshEnv } from "@auction-mesh/service-kit";
import { DaprWorkflowClient, type TWorkflow, type WorkflowActivityContext, WorkflowRuntime } from "@dapr/dapr";
import { type SettlementDeps, settlementActivities } from "./settlement-activities.js";
import { SETTLEMENT_WORKFLOW, settleAuction } from "./settlement-workflow.js";

/**
 * payments' Dapr Workflow worker and client, over its sidecar's gRPC port: the worker runs the
 * settlement saga's orchestrations and activities that daprd's workflow engine hands it.
 */
export function workflowHost(config: Pick<MeshEnv, "DAPR_HOST" | "DAPR_API_TOKEN"> & { DAPR_GRPC_PORT: number }, deps: SettlementDeps) {
  const options = {
    daprHost: config.DAPR_HOST,
    daprPort: String(config.DAPR_GRPC_PORT),
    ...(config.DAPR_API_TOKEN ? { daprApiToken: config.DAPR_API_TOKEN } : {}),
  };
  // The SDK types a workflow as a sync generator; its runtime needs an async one (settlement-workflow.ts).
  const runtime = new WorkflowRuntime(options).registerWorkflowWithName(SETTLEMENT_WORKFLOW, settleAuction as unknown as TWorkflow);
  // Each activity reads its own input shape; the runtime hands them what the workflow passed.
  for (const [name, activity] of Object.entries(settlementActivities(deps))) {
    runtime.registerActivityWithName(name, activity as (ctx: WorkflowActivityContext, input: unknown) => Promise<unknown>);
  }
  return { runtime, client: new DaprWorkflowClient(options) };
}
