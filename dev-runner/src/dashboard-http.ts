/** What the dashboard's JSON routes share: the answer shape, and a GET to an embedded server with a deadline. */

/** A JSON answer: status and body. */
export interface Reply {
  status: number;
  body: unknown;
}

export const errorReply = (status: number, code: string, message: string): Reply => ({ status, body: { code, message } });

/** GET `url`; undefined when nothing answers within `timeoutMs` (down, not yet started, or hung). */
export async function getWithin(url: string, timeoutMs: number): Promise<Response | undefined> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return undefined;
  }
}
