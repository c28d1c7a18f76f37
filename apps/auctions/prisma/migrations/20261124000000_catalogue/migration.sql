-- CreateEnum
CREATE TYPE "Category" AS ENUM ('art', 'books', 'collectibles', 'electronics', 'fashion', 'home', 'jewelry', 'sports', 'vehicles', 'other');

-- CreateEnum
CREATE TYPE "ListingStatus" AS ENUM ('draft', 'scheduled', 'live', 'closed', 'cancelled');

-- CreateTable
CREATE TABLE "auctions" (
    "id" TEXT NOT NULL,
    "seller_id" TEXT NOT NULL,
    "seller_name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "Category" NOT NULL,
    "image_urls" TEXT[],
    "starting_price" BIGINT NOT NULL,
    "reserve_price" BIGINT,
    "increment_rule" JSONB NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "anti_sniping_window_seconds" INTEGER NOT NULL,
    "anti_sniping_extension_seconds" INTEGER NOT NULL,
    "status" "ListingStatus" NOT NULL DEFAULT 'draft',
    "winner_id" TEXT,
    "final_price" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auctions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bids" (
    "auction_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "bidder_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "auto" BOOLEAN NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bids_pkey" PRIMARY KEY ("auction_id","sequence")
);

-- CreateIndex
CREATE INDEX "auctions_status_starts_at_id_idx" ON "auctions"("status", "starts_at", "id");

-- CreateIndex
CREATE INDEX "auctions_category_status_idx" ON "auctions"("category", "status");

-- CreateIndex
CREATE INDEX "auctions_seller_id_idx" ON "auctions"("seller_id");

-- AddForeignKey
ALTER TABLE "bids" ADD CONSTRAINT "bids_auction_id_fkey" FOREIGN KEY ("auction_id") REFERENCES "auctions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
