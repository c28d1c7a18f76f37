import type { ActorState } from "../../src/actor-state.js";

/** Actor state in memory: staged writes and deletions are visible to reads at once, as in the SDK. */
export function memoryState(): ActorState & { saves: number; data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    saves: 0,
    data,
    tryGetState: async (key) => [data.has(key), data.get(key)],
    setState: async (key, value) => void data.set(key, value),
    tryRemoveState: async (key) => data.delete(key),
    async saveState() {
      this.saves++;
    },
    clearCache: async () => {},
  };
}
