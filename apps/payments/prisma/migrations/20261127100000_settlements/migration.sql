-- CreateEnum
CREATE TYPE "SettlementStatus" AS ENUM ('holding', 'awaiting-payment', 'confirming-sale', 'completed', 'failed');

-- CreateTable
CREATE TABLE "settlements" (
    "auction_id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "seller_id" TEXT NOT NULL,
    "hammer_price" BIGINT NOT NULL,
    "buyers_premium" BIGINT NOT NULL,
    "total" BIGINT NOT NULL,
    "platform_fee" BIGINT NOT NULL,
    "seller_proceeds" BIGINT NOT NULL,
    "status" "SettlementStatus" NOT NULL,
    "payment_due_by" TIMESTAMPTZ(3),
    "failure" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "settlements_pkey" PRIMARY KEY ("auction_id")
);

-- CreateIndex
CREATE INDEX "settlements_buyer_id_status_idx" ON "settlements"("buyer_id", "status");
