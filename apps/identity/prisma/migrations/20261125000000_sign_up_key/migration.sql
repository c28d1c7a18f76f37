-- AlterTable
ALTER TABLE "users" ADD COLUMN "sign_up_key" TEXT;
