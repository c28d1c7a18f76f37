import { connect, RetentionPolicy, StorageType } from "nats";

/**
 * Creates (or updates) the JetStream streams the pub/sub component binds to: Dapr's
 * jetstream component subscribes through an existing stream and never creates one.
 */
export async function ensureStreams(servers: string, streams: { name: string; subjects: string[] }[]): Promise<void> {
  const nc = await connect({ servers, timeout: 5_000 });
  try {
    const jsm = await nc.jetstreamManager();
    for (const stream of streams) {
      const config = { name: stream.name, subjects: stream.subjects, storage: StorageType.File, retention: RetentionPolicy.Limits };
      try {
        await jsm.streams.info(stream.name);
        await jsm.streams.update(stream.name, config);
      } catch {
        await jsm.streams.add(config);
      }
    }
  } finally {
    await nc.close();
  }
}
