-- "My bids": the auctions a person bid on, without reading every bid.
CREATE INDEX "bids_bidder_id_auction_id_idx" ON "bids"("bidder_id", "auction_id");
