-- AlterEnum: payments' settlement saga records a closed auction's outcome.
ALTER TYPE "ListingStatus" ADD VALUE 'sold' BEFORE 'cancelled';
ALTER TYPE "ListingStatus" ADD VALUE 'unsold' BEFORE 'cancelled';
