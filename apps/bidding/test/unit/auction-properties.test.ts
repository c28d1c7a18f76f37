/**
 * Properties that must hold for any interleaving of bids (fast-check generates them):
 * accepted amounts strictly increase, sequences have no gaps, the leader holds the highest
 * maximum (the earliest of equals), and the price sits between the runner-up's maximum and
 * the leader's.
 */
import type { AuctionEvent, VerifiedBid } from "@auction-mesh/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuctionState, closeAuction, openAuction, placeBid } from "../../src/domain/auction.js";
import { incrementAt } from "../../src/domain/increments.js";

const NOW = new Date("2026-01-01T12:00:00.000Z");

// Coarse amounts, so equal maxima (ties) come up often.
const arbitraryBid = fc.record({
  bidder: fc.constantFrom("b1", "b2", "b3", "b4"),
  amount: fc.integer({ min: 9, max: 80 }).map((n) => n * 100),
  extra: fc.option(
    fc.integer({ min: 0, max: 40 }).map((n) => n * 100),
    { nil: undefined },
  ),
});

function start(reservePrice: number | null, tiered: boolean): AuctionState {
  return openAuction({
    auctionId: "a1",
    sellerId: "seller",
    startingPrice: 1000,
    reservePrice,
    incrementRule: tiered
      ? {
          kind: "tiered",
          tiers: [
            { from: 0, amount: 50 },
            { from: 5000, amount: 200 },
          ],
        }
      : { kind: "fixed", amount: 100 },
    endsAt: "2026-01-01T13:00:00.000Z",
    antiSniping: { windowSeconds: 0, extensionSeconds: 0 },
  });
}

describe("auction properties", () => {
  it("hold for any sequence of plain and automatic bids", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryBid, { maxLength: 40 }),
        fc.option(fc.integer({ min: 1000, max: 15_000 }), { nil: null }),
        fc.boolean(),
        (bids, reserve, tiered) => {
          let state = start(reserve, tiered);
          const events: AuctionEvent[] = [];
          /** Highest maximum of each bidder whose bid was accepted, and when it was first reached. */
          const maxima = new Map<string, { max: number; order: number }>();
          /** Highest amount each bidder typed in an accepted bid. */
          const typed = new Map<string, number>();
          /** Raises of a leader's own maximum: the maximum before, and when. */
          const raises = new Map<string, { fromMax: number; order: number }[]>();
          bids.forEach((b, i) => {
            const command: VerifiedBid = {
              auctionId: "a1",
              bidderId: b.bidder,
              amount: b.amount,
              idempotencyKey: `key-${String(i).padStart(4, "0")}`,
              ...(b.extra === undefined ? {} : { maxAmount: b.amount + b.extra }),
            };
            const leaderBefore = state.leaderId;
            const outcome = placeBid(state, command, NOW);
            state = outcome.state;
            events.push(...outcome.events);
            if (outcome.result.accepted && leaderBefore === b.bidder) {
              // The leader raised their maximum: not a bid; they have led since they first did.
              const known = maxima.get(b.bidder) as { max: number; order: number };
              raises.set(b.bidder, [...(raises.get(b.bidder) ?? []), { fromMax: known.max, order: i }]);
              maxima.set(b.bidder, { max: command.maxAmount as number, order: known.order });
            } else if (outcome.result.accepted) {
              const max = command.maxAmount ?? command.amount;
              const known = maxima.get(b.bidder);
              if (!known || max > known.max) maxima.set(b.bidder, { max, order: i });
              typed.set(b.bidder, Math.max(typed.get(b.bidder) ?? 0, command.amount));
            }
          });

          // Sequences are 1..n without gaps.
          expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
          // Accepted amounts strictly increase.
          const amounts = events.flatMap((e) => (e.type === "bid-placed" ? [e.amount] : []));
          for (let i = 1; i < amounts.length; i++) expect(amounts[i]).toBeGreaterThan(amounts[i - 1] as number);
          if (maxima.size === 0) {
            expect(state.leaderId).toBeNull();
            return;
          }
          // The leader holds the highest maximum; among equals, the one that reached it first.
          const ranked = [...maxima.entries()].sort((x, y) => y[1].max - x[1].max || x[1].order - y[1].order);
          const [winner, best] = ranked[0] as [string, { max: number }];
          expect(state.leaderId).toBe(winner);
          // Second price: one increment over the runner-up's maximum, capped by the leader's
          // maximum; more only if the leader typed more, or to reach a reserve it covers.
          const price = state.currentPrice ?? 0;
          const runnerUp = ranked[1]?.[1].max;
          // Against the runner-up the leader competed with the maximum it had then (raised later, privately).
          const raisedAfter = raises.get(winner)?.find((r) => r.order > (ranked[1]?.[1].order ?? Number.POSITIVE_INFINITY));
          const maxThen = raisedAfter?.fromMax ?? best.max;
          const second = runnerUp === undefined ? 0 : Math.min(maxThen, runnerUp + incrementAt(state.incrementRule, runnerUp));
          const reserveFloor = reserve !== null && best.max >= reserve ? reserve : 0;
          expect(price).toBeGreaterThanOrEqual(second);
          expect(price).toBeLessThanOrEqual(Math.max(second, typed.get(winner) ?? 0, reserveFloor));
          expect(price).toBeLessThanOrEqual(Math.max(best.max, typed.get(winner) ?? 0));
          // Closing names that winner, or nobody when the reserve is not met.
          const closed = closeAuction(state, NOW).event;
          const met = reserve === null || (state.currentPrice ?? 0) >= reserve;
          expect(closed).toMatchObject({ winnerId: met ? winner : null, reserveMet: met });
        },
      ),
      { numRuns: 500 },
    );
  });
});
