import type { Role, SignUpRequest, UserProfile } from "@auction-mesh/contracts";
import { Prisma, type PrismaClient } from "./generated/prisma/client.js";

export interface StoredUser extends UserProfile {
  passwordHash: string;
  /** The Idempotency-Key of the sign-up that made the account, if it had one. */
  signUpKey: string | null;
}

const toUser = (row: StoredUser): StoredUser => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  roles: row.roles,
  passwordHash: row.passwordHash,
  signUpKey: row.signUpKey,
});

/** Users in identity's own database. E-mails are stored lower-cased (see Email in contracts). */
export class UserStore {
  constructor(private readonly db: PrismaClient) {}

  /** The new account, or undefined when the e-mail has one already. */
  async create(request: SignUpRequest, passwordHash: string, roles: Role[], signUpKey?: string): Promise<StoredUser | undefined> {
    try {
      return toUser(
        await this.db.user.create({
          data: { email: request.email, displayName: request.displayName, passwordHash, roles, signUpKey: signUpKey ?? null },
        }),
      );
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return undefined;
      throw err;
    }
  }

  async byEmail(email: string): Promise<StoredUser | undefined> {
    const row = await this.db.user.findUnique({ where: { email } });
    return row ? toUser(row) : undefined;
  }

  async byId(id: string): Promise<StoredUser | undefined> {
    const row = await this.db.user.findUnique({ where: { id } });
    return row ? toUser(row) : undefined;
  }
}

export const profileOf = ({ passwordHash: _, signUpKey: __, ...profile }: StoredUser): UserProfile => profile;
