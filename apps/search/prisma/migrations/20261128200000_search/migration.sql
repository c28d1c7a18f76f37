-- Trigram similarity forgives typos in titles (PostgreSQL's fallback engine).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "documents" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "seller_id" TEXT NOT NULL,
    "seller_name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "image_url" TEXT,
    "starting_price" BIGINT NOT NULL,
    "current_price" BIGINT NOT NULL,
    "bid_count" INTEGER NOT NULL,
    "last_sequence" INTEGER NOT NULL DEFAULT 0,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "winner_id" TEXT,
    "final_price" BIGINT,
    "version" BIGINT NOT NULL DEFAULT 1,
    "indexed_version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "documents_title_idx" ON "documents" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "documents_status_ends_at_idx" ON "documents"("status", "ends_at");

-- CreateIndex
CREATE INDEX "documents_category_status_idx" ON "documents"("category", "status");

-- CreateIndex
CREATE INDEX "documents_seller_id_idx" ON "documents"("seller_id");

-- Words of the title (weight A), the seller (B) and the description (C), for full-text search.
-- An expression index: schema.prisma cannot state it (the drift check leaves it out).
CREATE INDEX "documents_words_idx" ON "documents" USING GIN ((
    setweight(to_tsvector('simple', "title"), 'A') ||
    setweight(to_tsvector('simple', "seller_name"), 'B') ||
    setweight(to_tsvector('simple', "description"), 'C')
));

-- What the index sync still has to send to Meilisearch. Partial, so not in schema.prisma.
CREATE INDEX "documents_unindexed_idx" ON "documents"("id") WHERE "version" > "indexed_version";
