export * from "./auction.js";
export * from "./bids.js";
export * from "./events.js";
export * from "./money.js";
export * from "./names.js";
export * from "./errors.js";
