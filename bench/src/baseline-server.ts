/**
 * The baseline service: Express in front of the Lua script on this machine's Redis, with no
 * sidecar in between. Started as its own process by the benchmark.
 */
import express from "express";
import { importSPKI, jwtVerify } from "jose";
import { createClient } from "redis";
import { PLACE_BID_LUA } from "./baseline-lua.js";

const port = Number(process.env.PORT ?? 7999);
const prefix = process.env.KEY_PREFIX ?? "bench";
const redis = createClient({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
await redis.connect();
const sha = await redis.scriptLoad(PLACE_BID_LUA);
// Like the mesh, bids need a signed-in bidder: the same EdDSA JWT check, key from the bench.
const publicKey = await importSPKI(process.env.JWT_PUBLIC_KEY ?? "", "EdDSA");

const app = express();
app.use(express.json());
app.post("/api/auctions", async (req, res) => {
  const { auctionId, sellerId, startingPrice, incrementRule, endsAt } = req.body;
  await redis.hSet(`${prefix}:auction:${auctionId}`, {
    seller: sellerId,
    start: startingPrice,
    increment: incrementRule.amount,
    endsAt: Date.parse(endsAt),
    seq: 0,
  });
  res.status(201).json({ auctionId });
});
app.post("/api/auctions/:id/bids", async (req, res) => {
  const id = req.params.id;
  const token = /^Bearer (\S+)$/.exec(req.header("authorization") ?? "")?.[1];
  let bidderId: string;
  try {
    bidderId = String((await jwtVerify(token ?? "", publicKey, { issuer: "auction-mesh/identity", audience: "auction-mesh" })).payload.sub);
  } catch {
    res.status(401).json({ code: "TOKEN_INVALID", message: "sign in again" });
    return;
  }
  const { amount, idempotencyKey } = req.body;
  const answer = (await redis.evalSha(sha, {
    keys: [`${prefix}:auction:${id}`, `${prefix}:idem:${id}`, `${prefix}:events:${id}`],
    arguments: [bidderId, String(amount), idempotencyKey, String(Date.now())],
  })) as string;
  const body = JSON.parse(answer);
  res.status(body.accepted ? 201 : 409).json(body);
});
app.listen(port, "127.0.0.1", () => console.log(`baseline listening on ${port}`));
