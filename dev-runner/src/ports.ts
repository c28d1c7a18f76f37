import { createServer } from "node:net";

/** Resolves true when nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once("error", () => resolvePort(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

export interface PortClaim {
  port: number;
  owner: string;
}

/** Every claim whose port is duplicated in the plan or already taken on this machine. */
export async function portConflicts(claims: PortClaim[]): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  for (const { port, owner } of claims) {
    const other = seen.get(port);
    if (other) problems.push(`port ${port} is claimed twice: by ${other} and by ${owner}`);
    seen.set(port, owner);
  }
  const taken = await Promise.all(
    claims.map(async (c) => ((await isPortFree(c.port)) && (await isPortFree(c.port, "0.0.0.0")) ? null : c)),
  );
  for (const c of taken) if (c) problems.push(`port ${c.port} (${c.owner}) is already in use on this machine`);
  return problems;
}
