import type { Role, SignUpRequest, UserProfile } from "@auction-mesh/contracts";
import { HttpError } from "@auction-mesh/service-kit";
import { Prisma, type PrismaClient } from "./generated/prisma/client.js";

export interface StoredUser extends UserProfile {
  passwordHash: string;
}

const toUser = (row: { id: string; email: string; displayName: string; passwordHash: string; roles: Role[] }): StoredUser => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  roles: row.roles,
  passwordHash: row.passwordHash,
});

/** Users in identity's own database. E-mails are stored lower-cased (see Email in contracts). */
export class UserStore {
  constructor(private readonly db: PrismaClient) {}

  async create(request: SignUpRequest, passwordHash: string, roles: Role[]): Promise<StoredUser> {
    try {
      return toUser(await this.db.user.create({ data: { email: request.email, displayName: request.displayName, passwordHash, roles } }));
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
        throw new HttpError(409, "EMAIL_TAKEN", `an account with ${request.email} exists already; sign in instead`);
      }
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

export const profileOf = ({ passwordHash: _, ...profile }: StoredUser): UserProfile => profile;
