// Writes mesh/contracts/schemas from the zod contracts (src/json-schemas.ts, built into dist):
// `npm run schemas -w @auction-mesh/contracts` builds, then runs this. Files no contract
// produces any more are removed, so the folder holds exactly what jsonSchemas() generates.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { schemaFiles } from "../dist/json-schemas.js";

const root = fileURLToPath(new URL("../schemas/", import.meta.url));
const files = schemaFiles();

const onDisk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? onDisk(join(dir, e.name)) : [join(dir, e.name)]));

let written = 0;
for (const [path, text] of Object.entries(files)) {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
    writeFileSync(file, text);
    written++;
  }
}
let removed = 0;
for (const file of onDisk(root)) {
  if (!(relative(root, file).split(sep).join("/") in files)) {
    rmSync(file);
    removed++;
  }
}
console.log(`${Object.keys(files).length} files in ${relative(process.cwd(), root) || "."}: ${written} written, ${removed} removed`);
