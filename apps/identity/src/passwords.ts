import { overloaded } from "@auction-mesh/service-kit";
import { Algorithm, hash, verify } from "@node-rs/argon2";
import { type HashQueue, Overloaded } from "./domain/hash-queue.js";

/**
 * argon2id with OWASP's suggested floor (19 MiB, 2 passes). The PHC string keeps the
 * parameters, so raising them later still verifies old hashes.
 */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function passwordMatches(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password. */
const started = performance.now();
export const UNKNOWN_USER_HASH = await hashPassword("no such user: this hash only spends time");
/** How long that first hash took: the hash queue's estimate until it has measured its own. */
export const STARTUP_HASH_MS = performance.now() - started;

/** Hashing and checking passwords: the costly part of sign-up and login. */
export interface Passwords {
  /** Throws 503 OVERLOADED when a hash asked for now could not finish in time (call before other work). */
  admit(): void;
  hash(password: string): Promise<string>;
  matches(phc: string, password: string): Promise<boolean>;
}

/** Straight to argon2, unbounded (tests and tools). */
export const directPasswords: Passwords = { admit: () => {}, hash: hashPassword, matches: passwordMatches };

/**
 * Every hash and check through `queue`: one that would finish after the caller has given up
 * is refused at once with 503 OVERLOADED and Retry-After (no work is done for it).
 */
export function queuedPasswords(queue: HashQueue): Passwords {
  const shed = (err: unknown) =>
    err instanceof Overloaded ? overloaded("identity is busy hashing passwords; try again in a few seconds", err.retryAfterSeconds) : err;
  const run = async <T>(task: () => Promise<T>): Promise<T> => {
    try {
      return await queue.run(task);
    } catch (err) {
      throw shed(err);
    }
  };
  return {
    admit: () => {
      try {
        queue.admit();
      } catch (err) {
        throw shed(err);
      }
    },
    hash: (password) => run(() => hashPassword(password)),
    matches: (phc, password) => run(() => passwordMatches(phc, password)),
  };
}
