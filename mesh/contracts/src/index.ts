export * from "./auction.js";
export * from "./bids.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./live.js";
export * from "./money.js";
export * from "./names.js";
