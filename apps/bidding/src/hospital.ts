import { AppIds, AuctionsRoutes, DeadLetter, Topics } from "@auction-mesh/contracts";
import type { Sidecar } from "@auction-mesh/service-kit";

/**
 * Hands an outbox message that can never be published to the catalogue's dead-letter hospital,
 * named by its auction and sequence range, so a resend is stored once and an admin sees it.
 */
export async function quarantineInHospital(sidecar: Sidecar, payload: unknown, reason: string): Promise<void> {
  const batch = payload as { auctionId?: unknown; events?: { sequence?: unknown }[] };
  const sequences = (batch.events ?? []).map((e) => e.sequence);
  const eventId = `${String(batch.auctionId)}:${String(sequences[0])}-${String(sequences.at(-1))}`;
  await sidecar.invoke(
    AppIds.auctions,
    AuctionsRoutes.admitDeadLetter,
    { app: "bidding", topic: Topics.auctionEvents, eventId, reason, payload },
    DeadLetter,
  );
}
