import { AuditTrail } from "@auction-mesh/contracts";
import { AUDIT_PAGE_SIZE } from "../domain/audit-trail";
import { apiRequest, query } from "./http";

/** A page of an auction's audit trail (admins): the entries after `afterSeq`, and the whole chain checked. */
export const getAuditTrail = (auctionId: string, afterSeq: number, signal?: AbortSignal) =>
  apiRequest(
    `/api/admin/auctions/${encodeURIComponent(auctionId)}/audit${query({ afterSeq: afterSeq || undefined, limit: AUDIT_PAGE_SIZE })}`,
    {
      schema: AuditTrail,
      ...(signal ? { signal } : {}),
    },
  );
