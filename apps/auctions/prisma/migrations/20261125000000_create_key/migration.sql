-- AlterTable
ALTER TABLE "auctions" ADD COLUMN "create_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "auctions_seller_id_create_key_key" ON "auctions"("seller_id", "create_key");
