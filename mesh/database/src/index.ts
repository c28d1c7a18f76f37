export * from "./database-url.js";
export * from "./drift.js";
export * from "./migrations.js";
export * from "./outbox.js";
