import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

/**
 * A V8 CPU profile of the whole process, from start to stop, written as
 * `<dir>/<name>-<pid>.cpuprofile` (Chrome DevTools and speedscope open it). Node refuses
 * `--cpu-prof` in NODE_OPTIONS, so services start the profiler themselves when CPU_PROFILE_DIR
 * is set (the bench's --cpu-profiles does that for every service).
 */
export async function startCpuProfile(dir: string, name: string): Promise<() => Promise<string>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    const file = join(dir, `${name}-${process.pid}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    return file;
  };
}
