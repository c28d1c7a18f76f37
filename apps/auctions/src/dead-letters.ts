import { randomUUID } from "node:crypto";
import {
  AdmitDeadLetterRequest,
  AuctionsEventRoutes,
  AuctionsRoutes,
  type DeadLetter,
  DeadLetterApp,
  type DeadLetterCause,
  DeadLetterId,
  DeadLetterListQuery,
  type DeadLetterStatus,
  DeadLetterTopics,
  SubscriberDeadLetterApps,
  type TopicPayload,
} from "@auction-mesh/contracts";
import {
  currentUser,
  DeliveryStatus,
  HttpError,
  type Logger,
  parseOr400,
  requireUser,
  type Sidecar,
  type TokenVerifier,
} from "@auction-mesh/service-kit";
import express, { type Router } from "express";
import { z } from "zod";
import { type DeadLetterEnvelope, type JudgedDeadLetter, judgeDeadLetter, replayable } from "./domain/dead-letters.js";
import type { Prisma, PrismaClient, DeadLetter as Row } from "./generated/prisma/client.js";

const ById = z.object({ id: DeadLetterId }).strict();
const ListBody = DeadLetterListQuery.strict();

function toDeadLetter(row: Row): DeadLetter {
  return {
    id: row.id,
    topic: row.topic,
    app: DeadLetterApp.parse(row.app),
    eventId: row.eventId,
    cause: row.cause as DeadLetterCause,
    reason: row.reason,
    payload: row.payload,
    firstSeenAt: row.firstSeenAt.toISOString(),
    arrivals: row.arrivals,
    status: row.status,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
  };
}

/** The message hospital's storage: one row per (subscriber app, CloudEvent id). */
export class DeadLetterStore {
  constructor(private readonly db: PrismaClient) {}

  /**
   * Deletes up to `limit` dead letters an admin resolved (replayed or discarded) before `before`
   * (housekeeping); waiting ones stay whatever their age: only an admin lets one go.
   */
  async purgeResolved(before: Date, limit: number): Promise<number> {
    return this.db.$executeRaw`
      DELETE FROM "dead_letters" WHERE "id" IN (
        SELECT "id" FROM "dead_letters" WHERE "status" IN ('replayed', 'discarded') AND "resolved_at" < ${before} LIMIT ${limit})`;
  }

  /** Stores a dead letter; the same one arriving again (a broker redelivery) only counts. */
  async admit(app: DeadLetterApp, judged: JudgedDeadLetter): Promise<DeadLetter> {
    const data = {
      topic: judged.topic,
      app,
      eventId: judged.eventId,
      cause: judged.cause,
      reason: judged.reason,
      payload: (judged.payload ?? null) as Prisma.InputJsonValue,
    };
    if (judged.eventId === null) return toDeadLetter(await this.db.deadLetter.create({ data: { id: randomUUID(), ...data } }));
    const row = await this.db.deadLetter.upsert({
      where: { app_eventId: { app, eventId: judged.eventId } },
      create: { id: randomUUID(), ...data },
      update: { arrivals: { increment: 1 } },
    });
    return toDeadLetter(row);
  }

  async list(status: DeadLetterStatus | undefined, limit: number): Promise<DeadLetter[]> {
    const rows = await this.db.deadLetter.findMany({
      where: status ? { status } : {},
      orderBy: [{ firstSeenAt: "desc" }, { id: "asc" }],
      take: limit,
    });
    return rows.map(toDeadLetter);
  }

  async get(id: string): Promise<DeadLetter> {
    const row = await this.db.deadLetter.findUnique({ where: { id } });
    if (!row) throw new HttpError(404, "DEAD_LETTER_NOT_FOUND", `no dead letter ${id}`);
    return toDeadLetter(row);
  }

  /** waiting -> `to`, only once: false when it was not waiting (someone resolved it first). */
  async resolve(id: string, to: Exclude<DeadLetterStatus, "waiting">, by: string): Promise<boolean> {
    const { count } = await this.db.deadLetter.updateMany({
      where: { id, status: "waiting" },
      data: { status: to, resolvedAt: new Date(), resolvedBy: by },
    });
    return count > 0;
  }

  /** Undoes a claim whose replay could not be published, so it can be tried again. */
  async reopen(id: string): Promise<void> {
    await this.db.deadLetter.updateMany({ where: { id }, data: { status: "waiting", resolvedAt: null, resolvedBy: null } });
  }
}

/**
 * The hospital: the catalogue's sidecar delivers every app's dead-letter topic here, and
 * admins list, replay (republish to the original topic through the sidecar) and discard.
 * Replay and discard are idempotent: only a waiting dead letter changes, and a replay claims
 * it before publishing, so two concurrent replays publish once.
 */
export function deadLetterRoutes(store: DeadLetterStore, sidecar: Sidecar, verifier: TokenVerifier, logger: Logger): Router {
  const router = express.Router();
  const admin = requireUser(verifier, ["admin"]);

  for (const app of SubscriberDeadLetterApps) {
    router.post(`${AuctionsEventRoutes.deadLettersPrefix}${app}`, async (req, res) => {
      try {
        const judged = judgeDeadLetter((req.body ?? {}) as DeadLetterEnvelope, app, new Date());
        const stored = await store.admit(app, judged);
        logger.warn(
          { deadLetter: stored.id, app, topic: stored.topic, eventId: stored.eventId, cause: stored.cause, arrivals: stored.arrivals },
          `dead letter from ${DeadLetterTopics[app]}: ${stored.reason}`,
        );
        res.json({ status: DeliveryStatus.success });
      } catch (err) {
        // Not stored: the broker keeps it and Dapr delivers it again.
        logger.error({ err, app }, "could not store a dead letter; asking Dapr to retry");
        res.json({ status: DeliveryStatus.retry });
      }
    });
  }

  // Only bidding's sidecar may call this (dapr/config.yaml access control); no user token.
  router.post(`/${AuctionsRoutes.admitDeadLetter}`, async (req, res) => {
    const { app, topic, eventId, reason, payload } = parseOr400(AdmitDeadLetterRequest, req.body);
    const stored = await store.admit(app, { topic, eventId: `${app}:${eventId}`, cause: "unpublishable", reason, payload });
    logger.warn({ deadLetter: stored.id, app, topic, eventId, arrivals: stored.arrivals }, `unpublishable message from ${app}: ${reason}`);
    res.json(stored);
  });

  router.post(`/${AuctionsRoutes.deadLetters}`, admin, async (req, res) => {
    const { status, limit } = parseOr400(ListBody, req.body, "query");
    res.json({ items: await store.list(status, limit) });
  });

  router.post(`/${AuctionsRoutes.discardDeadLetter}`, admin, async (req, res) => {
    const { id } = parseOr400(ById, req.body);
    const current = await store.get(id);
    if (current.status === "replayed") {
      throw new HttpError(409, "DEAD_LETTER_REPLAYED", `dead letter ${id} was replayed already; it cannot be discarded`);
    }
    const changed = await store.resolve(id, "discarded", currentUser(res).sub);
    res.json({ deadLetter: await store.get(id), changed });
  });

  router.post(`/${AuctionsRoutes.replayDeadLetter}`, admin, async (req, res) => {
    const { id } = parseOr400(ById, req.body);
    const current = await store.get(id);
    if (current.status === "discarded") {
      throw new HttpError(409, "DEAD_LETTER_DISCARDED", `dead letter ${id} was discarded; it cannot be replayed`);
    }
    if (current.status === "replayed") {
      res.json({ deadLetter: current, changed: false });
      return;
    }
    const check = replayable(current.topic, current.payload);
    if (!check.ok) throw new HttpError(409, check.code, check.message);
    if (!(await store.resolve(id, "replayed", currentUser(res).sub))) {
      // Resolved meanwhile by another admin: answer what it is now.
      res.json({ deadLetter: await store.get(id), changed: false });
      return;
    }
    try {
      await sidecar.publish(check.topic, check.payload as TopicPayload<typeof check.topic>);
    } catch (err) {
      await store.reopen(id);
      logger.error({ err, deadLetter: id, topic: current.topic }, "replay could not be published");
      throw new HttpError(502, "REPLAY_FAILED", `could not publish dead letter ${id} to ${current.topic}; it is waiting again`);
    }
    logger.info({ deadLetter: id, topic: current.topic, by: currentUser(res).sub }, "dead letter replayed");
    res.json({ deadLetter: await store.get(id), changed: true });
  });

  return router;
}
