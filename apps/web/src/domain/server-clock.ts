/**
 * The browser's clock can be minutes off; countdowns run on the server's clock instead. The
 * offset is estimated from one round trip, assuming the server answered halfway through it.
 */
export function clockOffset(serverTimeIso: string, sentAt: number, receivedAt: number): number {
  const server = Date.parse(serverTimeIso);
  if (Number.isNaN(server)) return 0;
  return Math.round(server - (sentAt + receivedAt) / 2);
}

/** Keeps the latest offset; the round trip with the smallest delay wins because it is the most exact. */
export class ServerClock {
  private offset = 0;
  private bestRoundTrip = Number.POSITIVE_INFINITY;
  private readonly listeners = new Set<() => void>();

  /** Records one measurement; later ones replace older ones unless they are much noisier. */
  observe(serverTimeIso: string, sentAt: number, receivedAt: number): void {
    const roundTrip = Math.max(0, receivedAt - sentAt);
    // A fresh measurement also corrects drift, so accept it unless its round trip is far worse.
    if (roundTrip > this.bestRoundTrip * 4 + 250) return;
    this.bestRoundTrip = Math.min(this.bestRoundTrip, roundTrip);
    this.offset = clockOffset(serverTimeIso, sentAt, receivedAt);
    for (const l of this.listeners) l();
  }

  /** Server time minus browser time, in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  now(localNow: number = Date.now()): number {
    return localNow + this.offset;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
