import { AuthSession, type LoginRequest, type SignUpInput, UserProfile } from "@auction-mesh/contracts";
import { apiRequest } from "./http";

export const signUp = (body: SignUpInput, idempotencyKey: string) =>
  apiRequest("/api/auth/sign-up", { method: "POST", body, schema: AuthSession, idempotencyKey });

export const logIn = (body: LoginRequest) => apiRequest("/api/auth/login", { method: "POST", body, schema: AuthSession });

export const me = () => apiRequest("/api/auth/me", { schema: UserProfile });
