import { overloaded } from "@auction-mesh/service-kit";
import { type HashQueue, Overloaded } from "./domain/hash-queue.js";

/**
 * Runs the costly part of a sign-up or login: the strength check (zxcvbn, ~20 ms on the event
 * loop), the look-ups and the argon2id hash. All of it goes through the queue, not the hash
 * alone: measured on the sign-up bench, admitted requests waiting their turn for a hash still
 * ran their strength checks at once, hundreds of them back to back, and that lag on the event
 * loop (not the hash queue) made the late answers.
 */
export type CostlyWork = <T>(work: () => Promise<T>) => Promise<T>;

/** No bound (tests and tools). */
export const unbounded: CostlyWork = (work) => work();

/** Through `queue`: work that would finish after the caller gave up is refused at once with 503 OVERLOADED + Retry-After. */
export function queued(queue: HashQueue): CostlyWork {
  return async (work) => {
    try {
      return await queue.run(work);
    } catch (err) {
      if (err instanceof Overloaded) {
        throw overloaded("identity is busy hashing passwords; try again in a few seconds", err.retryAfterSeconds);
      }
      throw err;
    }
  };
}
