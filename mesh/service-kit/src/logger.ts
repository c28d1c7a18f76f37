import { type Logger, pino } from "pino";
import { currentTrace } from "./trace.js";

export type { Logger };

/**
 * JSON logs, one object per line, each carrying the W3C trace id of the request or event
 * being handled so a line can be joined with the sidecar's traces and other services' logs.
 */
export function createLogger(service: string, level = "info", destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const trace = currentTrace();
        return trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {};
      },
    },
    destination,
  );
}
