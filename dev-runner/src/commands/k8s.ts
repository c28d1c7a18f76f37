import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import pc from "picocolors";
import { DOCKERFILE, lintDockerfile } from "../k8s/dockerfile.js";
import { renderedDrift, writeRendered } from "../k8s/files.js";
import { RenderError, renderProfile } from "../k8s/render.js";
import { formatProblem } from "../yaml-source.js";
import { loadProject, UsageError } from "./project.js";

/**
 * `k8s`: renders every profile (or --profile P) into <out>/<profile>/ (default out: k8s/), or with
 * --check says where the committed files differ from a fresh render.
 */
export function k8s(manifestFile: string | undefined, profile: string | undefined, outDir: string | undefined, checkOnly: boolean): number {
  const { root, manifest } = loadProject(manifestFile);
  if (profile && !manifest.profiles[profile])
    throw new UsageError(`no profile '${profile}' (have: ${Object.keys(manifest.profiles).join(", ")})`);
  const out = resolve(outDir ?? join(root, "k8s"));
  let failed = 0;
  for (const name of profile ? [profile] : Object.keys(manifest.profiles)) {
    const dir = join(out, name);
    try {
      const files = renderProfile(root, manifest, name);
      failed += checkOnly ? reportDrift(root, dir, renderedDrift(dir, files)) : write(root, dir, files);
    } catch (err) {
      if (!(err instanceof RenderError)) throw err;
      console.error(pc.red(`✗ ${err.message}:`));
      for (const p of err.problems) console.error(`  ${formatProblem(p)}`);
      failed++;
    }
  }
  failed += lintImages(root, manifest);
  return failed === 0 ? 0 : 1;
}

/** The image builder every rendered workload names (its images are not built here: no base image can be pulled). */
function lintImages(root: string, manifest: Parameters<typeof lintDockerfile>[1]): number {
  const problems = lintDockerfile(readFileSync(join(root, DOCKERFILE), "utf8"), manifest);
  if (problems.length === 0) {
    console.log(`${pc.green("✓")} ${DOCKERFILE} builds an image for every service (lint; not built here)`);
    return 0;
  }
  console.error(pc.red(`✗ ${DOCKERFILE}:`));
  for (const p of problems) console.error(`  ${formatProblem(p)}`);
  return 1;
}

function write(root: string, dir: string, files: Parameters<typeof writeRendered>[1]): number {
  writeRendered(dir, files);
  console.log(`${pc.green("✓")} ${relative(root, dir) || dir}/: ${files.length} files`);
  return 0;
}

function reportDrift(root: string, dir: string, drift: string[]): number {
  const where = relative(root, dir) || dir;
  if (drift.length === 0) {
    console.log(`${pc.green("✓")} ${where}/ is what auction-mesh.yaml renders`);
    return 0;
  }
  console.error(pc.red(`✗ ${where}/ differs from a fresh render (run: npm run mesh -- k8s):`));
  for (const d of drift) console.error(`  ${d}`);
  return 1;
}
