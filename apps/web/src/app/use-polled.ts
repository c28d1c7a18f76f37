import { useEffect, useState } from "react";
import { ApiError } from "../api/http";

/**
 * Loads now and again every `everyMs` while the page is open (standings and payments move on
 * their own). Keeps the last good answer; `error` says why the latest load failed. `load` must
 * be stable (a module-level function), or every render starts over.
 */
export function usePolled<T>(load: (signal: AbortSignal) => Promise<T>, everyMs: number, failure: string) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const abort = new AbortController();
    const run = () =>
      load(abort.signal)
        .then((value) => {
          setData(value);
          setError(undefined);
        })
        .catch((err: unknown) => {
          if (!abort.signal.aborted) setError(err instanceof ApiError ? err.message : failure);
        });
    void run();
    const timer = window.setInterval(run, everyMs);
    return () => {
      abort.abort();
      window.clearInterval(timer);
    };
  }, [load, everyMs, failure]);

  return { data, error, setData, setError };
}
