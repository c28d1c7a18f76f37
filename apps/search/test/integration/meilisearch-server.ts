import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/** The Meilisearch binary the setup step installed (dapr/runtime/install-tools.sh). */
const BINARY = process.env.MEILISEARCH_BIN ?? join(process.env.DAPR_RUNTIME_PATH ?? homedir(), ".dapr/bin/meilisearch");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A real Meilisearch on a free loopback port with its own data folder, for one test file. */
export class MeilisearchServer {
  private child: ChildProcess | undefined;
  readonly key = randomBytes(24).toString("hex");
  private readonly dir = mkdtempSync(join(tmpdir(), "meili-test-"));
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.child = spawn(
      BINARY,
      ["--http-addr", `127.0.0.1:${this.port}`, "--db-path", join(this.dir, "data"), "--master-key", this.key, "--no-analytics"],
      { cwd: this.dir, stdio: "ignore" },
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const up = await fetch(`${this.url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Meilisearch (${BINARY}) did not answer on ${this.url} within 20 s`);
  }

  /** SIGKILL: what a crash looks like to its clients. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
