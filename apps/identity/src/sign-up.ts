import type { Role, SignUpRequest } from "@auction-mesh/contracts";
import { HttpError } from "@auction-mesh/service-kit";
import { hashPassword, passwordMatches } from "./passwords.js";
import type { StoredUser, UserStore } from "./users.js";

/**
 * Makes the account, or recognises a resend of the sign-up that made it. daprd resends a
 * sign-up whose answer is late (argon2 under load can take longer than the invoke timeout)
 * while the first attempt may still finish: without this, the user's own first attempt would
 * turn their sign-up into EMAIL_TAKEN.
 */
export async function signUp(users: UserStore, request: SignUpRequest, roles: Role[], key: string | undefined): Promise<StoredUser> {
  const existing = await users.byEmail(request.email);
  if (existing) return resentSignUp(existing, request, key);
  const created = await users.create(request, await hashPassword(request.password), roles, key);
  // Taken between the look-up and the insert: most often by an earlier attempt of this very sign-up.
  return created ?? resentSignUp(await users.byEmail(request.email), request, key);
}

/**
 * The account, if this request is a resend of the sign-up that made it: the same key, and the
 * same password (so a leaked or guessed key alone never opens someone's account).
 */
async function resentSignUp(existing: StoredUser | undefined, request: SignUpRequest, key: string | undefined): Promise<StoredUser> {
  if (key !== undefined && existing?.signUpKey === key && (await passwordMatches(existing.passwordHash, request.password))) {
    return existing;
  }
  throw new HttpError(409, "EMAIL_TAKEN", `an account with ${request.email} exists already; sign in instead`);
}
