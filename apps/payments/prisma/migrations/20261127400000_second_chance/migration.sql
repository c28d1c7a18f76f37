-- A settlement can offer the lot to the runner-up when the winner does not pay: the buyer
-- may then differ from the close's winner, who is kept.
ALTER TYPE "SettlementStatus" ADD VALUE 'second-chance-offered' AFTER 'awaiting-payment';

ALTER TABLE "settlements" ADD COLUMN "winner_id" TEXT;
UPDATE "settlements" SET "winner_id" = "buyer_id";
ALTER TABLE "settlements" ALTER COLUMN "winner_id" SET NOT NULL;
