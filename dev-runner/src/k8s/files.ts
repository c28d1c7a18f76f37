import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { RenderedFile } from "./render.js";

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Replaces the folder's YAML with `files` (a file no longer rendered goes too). */
export function writeRendered(dir: string, files: RenderedFile[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
}

/** How the folder differs from a fresh render: files that differ, are missing, or are left over. */
export function renderedDrift(dir: string, files: RenderedFile[]): string[] {
  const rendered = new Set(files.map((f) => f.path));
  const drift = files.flatMap((f) => {
    const path = join(dir, f.path);
    if (!existsSync(path)) return [`${f.path}: missing`];
    return readFileSync(path, "utf8") === f.content ? [] : [`${f.path}: differs from a fresh render`];
  });
  const extra = filesUnder(dir)
    .filter((p) => !rendered.has(p))
    .map((p) => `${p}: not rendered any more`);
  return [...drift, ...extra];
}
