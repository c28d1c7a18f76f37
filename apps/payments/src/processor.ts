/**
 * Where top-up money comes from. A port, so a real card processor plugs in without touching
 * the wallet: its adapter calls the processor through a Dapr output binding (README: payments)
 * and answers what the processor said. Today's only adapter is the sandbox.
 */
export interface FundsProcessor {
  /** The name the ledger's external account and the statement carry. */
  readonly name: string;
  /**
   * Takes `amount` minor units from the person's payment method. `key` is the same for every
   * retry of one top-up, so a processor that supports idempotency charges once.
   */
  charge(request: { ownerId: string; amount: number; key: string }): Promise<{ approved: true } | { approved: false; reason: string }>;
}

/**
 * The sandbox: no processor is reached and no real money moves; every top-up within the
 * contract's bounds is approved. Named plainly in the API (`processor: "sandbox"`) and the UI.
 */
export class SandboxProcessor implements FundsProcessor {
  readonly name = "sandbox";

  async charge(): Promise<{ approved: true }> {
    return { approved: true };
  }
}
