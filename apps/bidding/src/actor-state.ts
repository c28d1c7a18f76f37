/** The part of the SDK's ActorStateManager the actor's stores use (staged writes, one save). */
export interface ActorState {
  tryGetState(key: string): Promise<[boolean, unknown]>;
  setState(key: string, value: unknown): Promise<void>;
  /** Stages a deletion; false when the key does not exist. */
  tryRemoveState(key: string): Promise<boolean>;
  saveState(): Promise<void>;
  /** Drops every cached and staged value: the next reads come from the store. */
  clearCache(): Promise<void>;
}

/** Reads a key, or `fallback` when it was never written. */
export async function read<T>(state: ActorState, key: string, fallback: T): Promise<T> {
  const [exists, value] = await state.tryGetState(key);
  return exists && value !== null && value !== undefined ? (value as T) : fallback;
}
