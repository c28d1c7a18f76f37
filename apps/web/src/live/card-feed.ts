import { CardUpdate, LiveMessages } from "@auction-mesh/contracts";
import { io, type Socket } from "socket.io-client";
import { personPushes } from "./person-pushes";

/**
 * The list page's socket: it follows the cards shown (`cards:watch`, sent again after every
 * reconnect) and hands each update on. Signed in, it also carries the person's notifications,
 * so the page keeps one socket (see person-pushes.ts).
 */
export class CardFeed {
  private readonly socket: Socket;
  private watched: string[] = [];
  private readonly carriesPushes: boolean;

  constructor(token: string | null, onUpdate: (update: CardUpdate) => void) {
    this.socket = io({ path: "/socket.io", auth: token ? { token } : {}, transports: ["websocket"], autoConnect: false });
    this.carriesPushes = token !== null;
    this.socket.on("connect", () => {
      this.socket.emit(LiveMessages.watchCards, { auctionIds: this.watched });
      if (this.carriesPushes) personPushes.connected();
    });
    this.socket.on(LiveMessages.cards, (raw: unknown) => {
      const update = CardUpdate.safeParse(raw);
      if (update.success) onUpdate(update.data);
    });
    if (this.carriesPushes) this.socket.on(LiveMessages.notification, (raw: unknown) => personPushes.deliver(raw));
    this.socket.connect();
    if (this.carriesPushes) personPushes.carrying(true);
  }

  watch(auctionIds: string[]): void {
    this.watched = auctionIds;
    if (this.socket.connected) this.socket.emit(LiveMessages.watchCards, { auctionIds });
  }

  close(): void {
    this.socket.close();
    if (this.carriesPushes) personPushes.carrying(false);
  }
}
