import type { LoggerService } from "@dapr/dapr";
import type { Logger } from "./logger.js";

function text(message: unknown, params: unknown[]): string {
  return [message, ...params].map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
}

/** Routes the Dapr SDK's console logging into our JSON logger (with trace ids). */
export function sdkLogger(logger: Logger): LoggerService {
  const child = logger.child({ component: "dapr-sdk" });
  return {
    error: (m, ...p) => child.error(text(m, p)),
    warn: (m, ...p) => child.warn(text(m, p)),
    info: (m, ...p) => child.debug(text(m, p)),
    verbose: (m, ...p) => child.trace(text(m, p)),
    debug: (m, ...p) => child.trace(text(m, p)),
  };
}
