import { createReadStream, existsSync, readdirSync, readFileSync, statSync, watch } from "node:fs";
import { join } from "node:path";
import { statePaths } from "../runner-state.js";
import { loadProject, UsageError } from "./project.js";

/** `logs`: without a name, the processes that have logs; with one, its last lines (and, with -f, what follows). */
export async function logs(manifestFile: string | undefined, name: string | undefined, follow: boolean, lines: number): Promise<number> {
  const { root, manifest } = loadProject(manifestFile);
  const dir = statePaths(root, manifest).logs;
  if (!name) {
    console.log(existsSync(dir) ? "processes with logs:\n" : "no logs yet");
    if (existsSync(dir)) for (const f of readdirSync(dir)) console.log(`  ${f.replace(/\.log$/, "")}`);
    return 0;
  }
  const file = join(dir, `${name}.log`);
  if (!existsSync(file)) throw new UsageError(`no log for '${name}' in ${dir}`);
  const text = readFileSync(file, "utf8").split("\n");
  console.log(text.slice(-lines - 1).join("\n"));
  if (!follow) return 0;
  await followFile(file);
  return 0;
}

/** Copies what is appended to the file to stdout, until the process is stopped. */
async function followFile(file: string): Promise<never> {
  let offset = statSync(file).size;
  watch(file, () => {
    const size = statSync(file).size;
    if (size <= offset) return;
    createReadStream(file, { start: offset, end: size - 1 }).pipe(process.stdout, { end: false });
    offset = size;
  });
  return new Promise<never>(() => undefined);
}
