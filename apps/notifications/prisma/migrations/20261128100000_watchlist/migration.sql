-- CreateTable
CREATE TABLE "watches" (
    "user_id" TEXT NOT NULL,
    "auction_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "watches_pkey" PRIMARY KEY ("user_id","auction_id")
);

-- CreateIndex
CREATE INDEX "watches_auction_id_idx" ON "watches"("auction_id");

-- CreateIndex
CREATE INDEX "watches_user_id_created_at_idx" ON "watches"("user_id", "created_at");
