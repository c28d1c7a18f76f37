import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { diesWithParent } from "./parent-death.js";
import type { ProcessSpec } from "./plan/types.js";

export type ProcessState = "starting" | "running" | "restarting" | "crashed" | "stopping" | "stopped";

export interface LogLine {
  at: string;
  process: string;
  stream: "out" | "err";
  text: string;
}

const MAX_BACKOFF_MS = 30_000;
/** A process that stayed up this long is considered healthy again: backoff resets. */
const STABLE_AFTER_MS = 30_000;
const RECENT_LINES = 200;

/**
 * One child process of the mesh. It runs in its own process group so stopping it stops
 * everything it started; its output is kept (recent lines, a log file) and forwarded line by
 * line; an unexpected exit is restarted with exponential backoff when the spec allows.
 */
export class ManagedProcess extends EventEmitter {
  state: ProcessState = "stopped";
  restarts = 0;
  pid: number | undefined;
  lastExit: { code: number | null; signal: NodeJS.Signals | null; at: string } | undefined;
  readonly recent: LogLine[] = [];
  private child: ChildProcess | undefined;
  private log: WriteStream;
  private startedAt = 0;
  private backoffMs = 1_000;
  private restartTimer: NodeJS.Timeout | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: ProcessSpec,
    logFile: string,
    private readonly baseEnv: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this.log = createWriteStream(logFile, { flags: "a" });
  }

  /** Variables read from files at each start (sentry writes the trust bundle after the plan is made). */
  private envFromFiles(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.spec.envFromFiles ?? {}).map(([name, file]) => [name, readFileSync(file, "utf8")]));
  }

  start(): void {
    this.state = this.restarts > 0 ? "restarting" : "starting";
    this.startedAt = Date.now();
    const { command, args } = diesWithParent(this.spec.command, this.spec.args);
    const child = spawn(command, args, {
      cwd: this.spec.cwd,
      env: { ...this.baseEnv, ...this.spec.env, ...this.envFromFiles() },
      detached: true, // own process group: kill(-pid) reaches grandchildren too
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.pid = child.pid;
    this.exited = new Promise((resolveExit) => {
      child.once("exit", (code, signal) => {
        this.lastExit = { code, signal, at: new Date().toISOString() };
        this.child = undefined;
        resolveExit();
        this.onExit(code, signal);
      });
    });
    child.once("error", (err) => this.line("err", `failed to start ${this.spec.command}: ${err.message}`));
    for (const [stream, source] of [
      ["out", child.stdout],
      ["err", child.stderr],
    ] as const) {
      if (source) createInterface({ input: source }).on("line", (text) => this.line(stream, text));
    }
  }

  markRunning(): void {
    if (this.child) this.state = "running";
  }

  private line(stream: "out" | "err", text: string): void {
    const entry: LogLine = { at: new Date().toISOString(), process: this.spec.name, stream, text };
    this.recent.push(entry);
    if (this.recent.length > RECENT_LINES) this.recent.shift();
    // Output can still drain after the process exited and the log was closed.
    if (!this.log.writableEnded) this.log.write(`${text}\n`);
    this.emit("line", entry);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.state === "stopping" || this.state === "stopped") {
      this.state = "stopped";
      return;
    }
    this.state = "crashed";
    if (Date.now() - this.startedAt > STABLE_AFTER_MS) this.backoffMs = 1_000;
    this.emit("crash", { code, signal });
    if (!this.spec.restart) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.emit("restart-scheduled", { delayMs: delay, restarts: this.restarts + 1 });
    this.restartTimer = setTimeout(() => {
      this.restarts++;
      this.start();
    }, delay);
  }

  /** SIGTERM to the whole process group; SIGKILL after `graceMs` if it is still there. */
  async stop(graceMs = 8_000): Promise<void> {
    clearTimeout(this.restartTimer);
    const child = this.child;
    this.state = "stopping";
    if (child?.pid) {
      signalGroup(child.pid, "SIGTERM");
      const killer = setTimeout(() => signalGroup(child.pid as number, "SIGKILL"), graceMs);
      await this.exited;
      clearTimeout(killer);
      // The leader is gone; make sure nothing it started lingers in its group.
      signalGroup(child.pid, "SIGKILL");
    }
    this.state = "stopped";
    if (!this.log.writableEnded) await new Promise<void>((r) => this.log.end(r));
  }

  /** Ends the process abruptly (used by tests and by `restart`): it is restarted like a crash. */
  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.child?.pid) signalGroup(this.child.pid, signal);
  }

  isAlive(): boolean {
    return this.child !== undefined;
  }
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
