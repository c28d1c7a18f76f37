import { Algorithm, hash, verify } from "@node-rs/argon2";

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
