import type { DeadLetter, DeadLetterStatus } from "@auction-mesh/contracts";

/** The status filter's choices; "" lists every status. */
export const statusFilters: { value: DeadLetterStatus | ""; label: string }[] = [
  { value: "waiting", label: "Waiting" },
  { value: "replayed", label: "Replayed" },
  { value: "discarded", label: "Discarded" },
  { value: "", label: "All" },
];

/** Only a waiting dead letter can be replayed or discarded. */
export const canResolve = (d: Pick<DeadLetter, "status">) => d.status === "waiting";

/** A one-line preview of a payload for the table (the full JSON is one click away). */
export function payloadPreview(payload: unknown, max = 80): string {
  const text = payload === undefined ? "" : (JSON.stringify(payload) ?? String(payload));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What an admin reads after Replay or Discard. */
export function actionOutcome(action: "replay" | "discard", result: { changed: boolean; deadLetter: Pick<DeadLetter, "status"> }): string {
  if (!result.changed) return `Nothing changed: it was ${result.deadLetter.status} already.`;
  return action === "replay" ? "Replayed: published to its topic again." : "Discarded.";
}

/** Refusals the hospital answers, in words. */
export function actionError(code: string, fallback: string): string {
  switch (code) {
    case "DEAD_LETTER_STILL_INVALID":
      return "It still breaks its topic's contract, so a replay would fail again. Discard it instead.";
    case "DEAD_LETTER_UNKNOWN_TOPIC":
      return "Its topic has no contract in the mesh, so it cannot be replayed. Discard it instead.";
    case "DEAD_LETTER_DISCARDED":
      return "It was discarded already and cannot be replayed.";
    case "DEAD_LETTER_REPLAYED":
      return "It was replayed already and cannot be discarded.";
    case "DEAD_LETTER_NOT_FOUND":
      return "It no longer exists.";
    case "FORBIDDEN":
      return "Only admins can do that.";
    default:
      return fallback;
  }
}
