import { z } from "zod";
import { apiRequest } from "./http";

const ServerTimeAnswer = z.object({ now: z.iso.datetime({ offset: true }) });

/** The gateway's clock, with when we asked and when it answered (for the round-trip estimate). */
export async function fetchServerTime(): Promise<{ now: string; sentAt: number; receivedAt: number }> {
  const sentAt = Date.now();
  const { now } = await apiRequest("/api/time", { schema: ServerTimeAnswer });
  return { now, sentAt, receivedAt: Date.now() };
}
