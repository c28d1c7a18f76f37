import { DeadLetterActionResult, DeadLetterList, type DeadLetterStatus } from "@auction-mesh/contracts";
import { apiRequest, query } from "./http";

const path = (id: string) => `/api/admin/dead-letters/${encodeURIComponent(id)}`;

export const listDeadLetters = (status: DeadLetterStatus | undefined, signal?: AbortSignal) =>
  apiRequest(`/api/admin/dead-letters${query({ status })}`, { schema: DeadLetterList, ...(signal ? { signal } : {}) });

export const replayDeadLetter = (id: string) =>
  apiRequest(`${path(id)}/replay`, { method: "POST", body: {}, schema: DeadLetterActionResult });

export const discardDeadLetter = (id: string) =>
  apiRequest(`${path(id)}/discard`, { method: "POST", body: {}, schema: DeadLetterActionResult });
