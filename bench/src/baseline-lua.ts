/**
 * The no-mesh baseline: the same bid rule as AuctionActor (open, not the seller, not the
 * leader, at least the minimum next bid, idempotency key) as one Redis Lua script, which
 * Redis runs atomically: the way a team without Dapr would serialise bids.
 * KEYS: auction hash, idempotency hash, event stream. ARGV: bidder, amount, key, now (ms).
 */
export const PLACE_BID_LUA = `
local previous = redis.call('HGET', KEYS[2], ARGV[3])
if previous then return previous end
local a = redis.call('HMGET', KEYS[1], 'seller', 'price', 'leader', 'increment', 'start', 'endsAt', 'seq')
local answer
if not a[1] then
  return cjson.encode({accepted = false, code = 'AUCTION_NOT_FOUND'})
end
local amount = tonumber(ARGV[2])
local price = tonumber(a[2])
local minimum = price and (price + tonumber(a[4])) or tonumber(a[5])
if tonumber(ARGV[4]) >= tonumber(a[6]) then
  answer = cjson.encode({accepted = false, code = 'AUCTION_CLOSED', minimumNextBid = minimum})
elseif ARGV[1] == a[1] then
  answer = cjson.encode({accepted = false, code = 'SELLER_CANNOT_BID', minimumNextBid = minimum})
elseif ARGV[1] == a[3] then
  answer = cjson.encode({accepted = false, code = 'ALREADY_LEADING', minimumNextBid = minimum})
elseif amount < minimum then
  answer = cjson.encode({accepted = false, code = 'BID_TOO_LOW', minimumNextBid = minimum})
else
  local seq = tonumber(a[7]) + 1
  redis.call('HSET', KEYS[1], 'price', amount, 'leader', ARGV[1], 'seq', seq)
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', 100000, '*', 'seq', seq, 'bidder', ARGV[1], 'amount', amount)
  answer = cjson.encode({accepted = true, sequence = seq, currentPrice = amount, minimumNextBid = amount + tonumber(a[4])})
end
redis.call('HSET', KEYS[2], ARGV[3], answer)
return answer
`;
