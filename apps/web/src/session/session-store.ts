import { AuthSession } from "@auction-mesh/contracts";

const KEY = "auction-mesh.session";

/**
 * The signed-in user's session, kept in localStorage so a reload (or a second tab) stays signed
 * in. A plain store with subscribe/get, so non-React code (the API client) can read the token.
 */
class SessionStore {
  private current: AuthSession | null = load();
  private readonly listeners = new Set<() => void>();

  /** Pure (React calls it while rendering): an expired session simply reads as signed out. */
  get = (): AuthSession | null => {
    if (this.current && Date.parse(this.current.expiresAt) <= Date.now()) return null;
    return this.current;
  };

  token(): string | null {
    return this.get()?.token ?? null;
  }

  set(session: AuthSession | null): void {
    this.current = session;
    try {
      if (session) localStorage.setItem(KEY, JSON.stringify(session));
      else localStorage.removeItem(KEY);
    } catch {
      // Storage can be unavailable (private mode); the session then lasts for this page only.
    }
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Another tab signed in or out: follow it. */
  followOtherTabs(): void {
    window.addEventListener("storage", (e) => {
      if (e.key !== KEY) return;
      this.current = load();
      for (const l of this.listeners) l();
    });
  }
}

function load(): AuthSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = AuthSession.safeParse(JSON.parse(raw));
    return parsed.success && Date.parse(parsed.data.expiresAt) > Date.now() ? parsed.data : null;
  } catch {
    return null;
  }
}

export const sessionStore = new SessionStore();
