import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { outlastSidecarIdleConnections } from "../../src/app-server.js";

let server: Server | undefined;
let socket: Socket | undefined;
afterEach(() => {
  socket?.destroy();
  server?.close();
});

async function keptConnection(configure: (s: Server) => Server): Promise<{ request: () => Promise<string>; closed: () => boolean }> {
  server = configure(createServer((_req, res) => res.end("ok")));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let closed = false;
  socket.on("end", () => {
    closed = true;
  });
  const s = socket;
  const request = async () => {
    s.write("POST /events HTTP/1.1\r\nhost: app\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n");
    const [chunk] = (await once(s, "data")) as [Buffer];
    return chunk.toString();
  };
  return { request, closed: () => closed };
}

/** Without the setting (Node's default) the same test fails: the server ends the connection after 6 s (keepAliveTimeout 5 s + 1 s). */
describe("the app's HTTP server, as the sidecar's kept-alive connections see it", () => {
  it("keeps an idle connection open past Node's default (closed after 6 s idle), so the sidecar's next delivery on it arrives", async () => {
    const connection = await keptConnection(outlastSidecarIdleConnections);
    expect(await connection.request()).toMatch(/^HTTP\/1.1 200/);
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(connection.closed()).toBe(false);
    expect(await connection.request()).toMatch(/^HTTP\/1.1 200/);
  }, 15_000);
});
