/**
 * Loads once and shares the result; a failed load is forgotten, so the next call tries again
 * (a secret the sidecar cannot serve yet must not stay broken for the life of the process).
 */
export function loadOnceUntilFailure<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((err: unknown) => {
      loaded = undefined;
      throw err;
    });
    return loaded;
  };
}
