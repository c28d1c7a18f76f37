import type { StatementPage, TokenClaims, TopUpResult, WalletBalance } from "@auction-mesh/contracts";
import { HttpError } from "@auction-mesh/service-kit";
import { topUp } from "./domain/ledger.js";
import type { LedgerStore } from "./ledger-store.js";
import type { FundsProcessor } from "./processor.js";

/** A person's wallet: balance, statement and top-ups. Every caller is the signed-in owner. */
export class Wallets {
  constructor(
    private readonly ledger: LedgerStore,
    private readonly processor: FundsProcessor,
    /** Told after every top-up, repeats included (a retry re-tells what a failure may have lost). */
    private readonly onFundsAdded: (ownerId: string) => Promise<void> = async () => {},
  ) {}

  balance(user: TokenClaims): Promise<WalletBalance> {
    return this.ledger.balance(user.sub);
  }

  async statement(user: TokenClaims, before: number | undefined, limit: number): Promise<StatementPage> {
    return { ownerId: user.sub, ...(await this.ledger.statement(user.sub, before, limit)) };
  }

  /**
   * One top-up per idempotency key: a repeat (a resend by daprd, a client retrying) answers the
   * first top-up and charges nothing again; the same key with another amount is refused.
   */
  async topUp(user: TokenClaims, amount: number, key: string): Promise<TopUpResult> {
    const entry = topUp(user.sub, amount, this.processor.name, `top-up:${user.sub}:${key}`);
    const earlier = await this.ledger.find(entry.reference);
    if (!earlier) {
      // Refused by the ledger (the wallet limit): say so before the processor takes any money.
      await this.ledger.assertPostable(entry);
      const charged = await this.processor.charge({ ownerId: user.sub, amount, key: entry.reference });
      if (!charged.approved) throw new HttpError(402, "PAYMENT_DECLINED", `${this.processor.name} declined the top-up: ${charged.reason}`);
    }
    const posted = earlier ?? (await this.ledger.post(entry));
    const postedAmount = posted.postings.find((p) => p.amount > 0)?.amount ?? 0;
    if (postedAmount !== amount) {
      throw new HttpError(
        409,
        "IDEMPOTENCY_KEY_REUSED",
        `this Idempotency-Key was used for a top-up of ${postedAmount}; use a new key for a new top-up`,
      );
    }
    await this.onFundsAdded(user.sub);
    return { entryId: posted.entryId, amount, processor: this.processor.name, balance: await this.ledger.balance(user.sub) };
  }
}
