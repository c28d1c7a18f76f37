import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ManagedProcess } from "./managed-process.js";
import type { Manifest } from "./manifest.js";
import { ensureStreams } from "./nats-bootstrap.js";
import { prefixed, readableLine, runnerSays } from "./output.js";
import type { MeshPlan, ProcessSpec, Tokens } from "./plan/types.js";
import { sidecarFault } from "./sidecar-faults.js";
import { probeHealth, waitForHealthy } from "./wait.js";

export interface ProcessStatus {
  name: string;
  kind: ProcessSpec["kind"];
  service: string | undefined;
  replica: number | undefined;
  state: ManagedProcess["state"];
  healthy: boolean;
  pid: number | undefined;
  restarts: number;
  ports: Record<string, number>;
  lastExit: ManagedProcess["lastExit"];
}

export interface SupervisorOptions {
  root: string;
  manifest: Manifest;
  plan: MeshPlan;
  tokens: Tokens;
  logDir: string;
  /** Where process output and runner messages go (stdout in the CLI, a buffer in tests). */
  print: (line: string) => void;
  startTimeoutMs?: number;
}

/**
 * Starts the mesh in order (embedded servers, control plane, then each level of services
 * with their sidecars in parallel), gating each step on health, and stops it in reverse.
 */
export class Supervisor {
  readonly processes: ManagedProcess[] = [];
  private readonly width: number;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    const names = [
      ...options.plan.embedded,
      ...options.plan.controlPlane,
      ...options.plan.levels.flat().flatMap((s) => s.replicas.flatMap((r) => [r.app, r.sidecar])),
    ].map((p) => p.name);
    this.width = Math.max(14, ...names.map((n) => n.length));
    mkdirSync(options.logDir, { recursive: true });
  }

  private say(text: string): void {
    this.options.print(runnerSays(text));
  }

  private launch(spec: ProcessSpec): ManagedProcess {
    const proc = new ManagedProcess(spec, join(this.options.logDir, `${spec.name}.log`));
    proc.on("line", (line: { text: string }) => {
      this.options.print(prefixed(spec.name, this.width, readableLine(line.text)));
      const fault = spec.kind === "sidecar" && !this.stopping ? sidecarFault(line.text) : undefined;
      if (fault) {
        this.say(`${spec.name}: ${fault}; restarting it`);
        proc.kill();
      }
    });
    proc.on("crash", ({ code, signal }: { code: number | null; signal: string | null }) => {
      if (!this.stopping) this.say(`${spec.name} exited unexpectedly (${signal ?? `code ${code}`})`);
    });
    proc.on("restart-scheduled", ({ delayMs, restarts }: { delayMs: number; restarts: number }) => {
      if (this.stopping) return;
      this.say(`restarting ${spec.name} in ${delayMs / 1000}s (restart #${restarts})`);
      setTimeout(() => {
        waitForHealthy(spec.healthUrl, { timeoutMs: 120_000 }).then(
          () => {
            proc.markRunning();
            this.say(`${spec.name} is healthy again`);
          },
          () => undefined,
        );
      }, delayMs + 50);
    });
    this.processes.push(proc);
    proc.start();
    return proc;
  }

  private async startGroup(specs: ProcessSpec[]): Promise<void> {
    const procs = specs.map((spec) => this.launch(spec));
    await Promise.all(
      procs.map(async (proc) => {
        await waitForHealthy(proc.spec.healthUrl, {
          timeoutMs: this.options.startTimeoutMs ?? 90_000,
          isAborted: () => this.stopping || (proc.state === "crashed" && !proc.spec.restart),
        }).catch((err: Error) => {
          throw new Error(
            `${proc.spec.name} did not become healthy: ${err.message}\n  log: ${join(this.options.logDir, `${proc.spec.name}.log`)}${proc.spec.hint ? `\n  ${proc.spec.hint}` : ""}`,
          );
        });
        proc.markRunning();
      }),
    );
  }

  async up(): Promise<void> {
    const { plan, manifest } = this.options;
    const started = Date.now();
    try {
      if (plan.embedded.length > 0) {
        this.say(`starting embedded servers: ${plan.embedded.map((p) => p.name).join(", ")}`);
        await this.startGroup(plan.embedded);
        if (plan.embedded.some((p) => p.name === "nats")) {
          await ensureStreams(`127.0.0.1:${manifest.embedded.nats.port}`, manifest.embedded.nats.streams);
          this.say(`JetStream streams ready: ${manifest.embedded.nats.streams.map((s) => s.name).join(", ")}`);
        }
      }
      const external = manifest.profiles[manifest.profile]?.jetStream;
      if (external) {
        await ensureStreams(external.url, manifest.embedded.nats.streams);
        this.say(`JetStream streams ready on ${external.url}: ${manifest.embedded.nats.streams.map((s) => s.name).join(", ")}`);
      }
      // sentry first: it writes the trust bundle placement, scheduler and sidecars read.
      const [sentry, rest] = [plan.controlPlane.filter((p) => p.name === "sentry"), plan.controlPlane.filter((p) => p.name !== "sentry")];
      this.say(`starting control plane: ${[...sentry, ...rest].map((p) => p.name).join(", ")}`);
      await this.startGroup(sentry);
      await this.startGroup(rest);
      for (const level of plan.levels) {
        this.say(
          `starting ${level.map((s) => `${s.service}${s.replicas.length > 1 ? ` x${s.replicas.length}` : ""}`).join(", ")} with sidecars`,
        );
        await this.startGroup(level.flatMap((s) => s.replicas.flatMap((r) => [r.app, r.sidecar])));
      }
      this.say(`mesh is up in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    } catch (err) {
      this.say(`start failed: ${(err as Error).message}`);
      await this.down();
      throw err;
    }
  }

  /** Stops apps and sidecars first (they need the control plane to shut down cleanly). */
  async down(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.say("stopping the mesh");
    const tiers: ProcessSpec["kind"][][] = [["app"], ["sidecar"], ["control-plane"], ["embedded"]];
    for (const kinds of tiers) {
      await Promise.all(this.processes.filter((p) => kinds.includes(p.spec.kind)).map((p) => p.stop()));
    }
    this.say("all processes stopped");
  }

  find(name: string): ManagedProcess | undefined {
    return this.processes.find((p) => p.spec.name === name);
  }

  async status(): Promise<ProcessStatus[]> {
    return Promise.all(
      this.processes.map(async (p) => {
        let healthy = false;
        if (p.isAlive()) {
          healthy = (await probeHealth(p.spec.healthUrl, 1_000)).ok;
        }
        // A restarted process that answers its health check is running again, even if the
        // restart watcher has not polled it yet.
        if (healthy && p.state === "restarting") p.markRunning();
        return {
          name: p.spec.name,
          kind: p.spec.kind,
          service: p.spec.service,
          replica: p.spec.replica,
          state: p.state,
          healthy,
          pid: p.pid,
          restarts: p.restarts,
          ports: p.spec.ports,
          lastExit: p.lastExit,
        };
      }),
    );
  }

  /** What each sidecar says about itself (GET /v1.0/metadata): components, actors, subscriptions. */
  async sidecarMetadata(): Promise<Record<string, unknown>> {
    const sidecars = this.processes.filter((p) => p.spec.kind === "sidecar" && p.isAlive());
    const entries = await Promise.all(
      sidecars.map(async (p) => {
        try {
          const res = await fetch(`http://127.0.0.1:${p.spec.ports.http}/v1.0/metadata`, {
            headers: { "dapr-api-token": this.options.tokens.dapr },
            signal: AbortSignal.timeout(1_000),
          });
          return [p.spec.name, await res.json()] as const;
        } catch (err) {
          return [p.spec.name, { error: (err as Error).message }] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
