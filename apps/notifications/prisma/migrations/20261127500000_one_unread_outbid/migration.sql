-- At most one unread outbid notice per person and auction, whatever runs at once: two event
-- batches delivered together each found none and inserted one (then every later fold hit the
-- dedupe index). Partial, so not in schema.prisma (the drift check leaves partial indexes out).
CREATE UNIQUE INDEX "notifications_one_unread_outbid" ON "notifications"("recipient_id", "auction_id")
    WHERE "kind" = 'outbid' AND "read_at" IS NULL;
