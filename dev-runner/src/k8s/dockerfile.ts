import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import type { Manifest } from "../manifest.js";
import type { Problem } from "../yaml-source.js";
import { APP_UID, IMAGE_WORKDIR } from "./names.js";

/** The file the image builder reads, at the repository root. */
export const DOCKERFILE = "Dockerfile";
/** The stage every TypeScript service's image is built from (with --build-arg SERVICE=<it>). */
export const NODE_STAGE = "node-service";

const at = (file: string, instruction: Instruction | undefined, message: string): Problem => ({
  file,
  ...(instruction?.getRange() ? { line: (instruction.getRange()?.start.line ?? 0) + 1, col: 1 } : {}),
  path: instruction ? instruction.getKeyword() : "",
  message,
});

/** The image stages the manifest's services need: node-service for `node` commands, else one named after the service. */
export function imageStages(manifest: Manifest): Map<string, string[]> {
  const stages = new Map<string, string[]>();
  for (const [service, spec] of Object.entries(manifest.services)) {
    const stage = spec.command[0] === "node" ? NODE_STAGE : service;
    stages.set(stage, [...(stages.get(stage) ?? []), service]);
  }
  return stages;
}

/**
 * What stops the Dockerfile from building the images the rendered manifests name: its syntax
 * (dockerfile-utils, the validator behind VS Code's Docker support), base images without a pinned
 * tag, and for each image stage a missing stage, root user, health check or working directory.
 */
export function lintDockerfile(text: string, manifest: Manifest, file = DOCKERFILE): Problem[] {
  const syntax = validate(text).map((d) => ({
    file,
    line: d.range.start.line + 1,
    col: d.range.start.character + 1,
    path: "",
    message: typeof d.message === "string" ? d.message : d.message.value,
  }));
  const dockerfile = DockerfileParser.parse(text);
  // The ARGs before the first FROM, which FROM lines may name.
  const args = Object.fromEntries(
    dockerfile.getInitialARGs().flatMap((arg) => {
      const property = arg.getProperty();
      return property?.getName() && property.getValue() ? [[property.getName(), property.getValue() as string]] : [];
    }),
  );
  const stageNames = new Set(dockerfile.getFROMs().flatMap((f) => (f.getBuildStage() ? [f.getBuildStage() as string] : [])));
  const unpinned = dockerfile.getFROMs().flatMap((from) => {
    const image = (from.getImage() ?? "").replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? "");
    if (stageNames.has(image) || /@sha256:[0-9a-f]{64}$/.test(image)) return [];
    const tag = /:([^/:]+)$/.exec(image)?.[1];
    return tag && tag !== "latest" ? [] : [at(file, from, `base image '${image}' has no pinned tag or digest`)];
  });
  return [...syntax, ...unpinned, ...stageProblems(dockerfile, manifest, file)];
}

function stageProblems(dockerfile: ReturnType<typeof DockerfileParser.parse>, manifest: Manifest, file: string): Problem[] {
  const stages = dockerfile
    .getFROMs()
    .map((from, i) => ({ from, instructions: stageInstructions(dockerfile.getInstructions(), dockerfile.getFROMs(), i) }));
  return [...imageStages(manifest)].flatMap(([name, services]) => {
    const stage = stages.find((s) => s.from.getBuildStage() === name);
    if (!stage) return [at(file, undefined, `no stage '${name}' (the image of ${services.join(", ")})`)];
    const last = (keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword).at(-1);
    const problems: Problem[] = [];
    const user = last("USER");
    const uid = (user?.getArgumentsContent() ?? "").split(":")[0];
    if (uid !== String(APP_UID))
      problems.push(
        at(file, user ?? stage.from, `stage '${name}' must run as USER ${APP_UID} (the uid the workloads require), not ${uid || "root"}`),
      );
    const health = last("HEALTHCHECK");
    if (!health || /^NONE\b/i.test(health.getArgumentsContent() ?? ""))
      problems.push(at(file, health ?? stage.from, `stage '${name}' has no HEALTHCHECK`));
    if (last("WORKDIR")?.getArgumentsContent() !== IMAGE_WORKDIR)
      problems.push(
        at(file, last("WORKDIR") ?? stage.from, `stage '${name}' must work in ${IMAGE_WORKDIR}, where the manifest's commands run`),
      );
    return problems;
  });
}

/** The instructions of the i-th stage: after its FROM, before the next. */
function stageInstructions(all: Instruction[], froms: Instruction[], i: number): Instruction[] {
  const start = froms[i]?.getRange()?.start.line ?? 0;
  const end = froms[i + 1]?.getRange()?.start.line ?? Number.POSITIVE_INFINITY;
  return all.filter((ins) => {
    const line = ins.getRange()?.start.line ?? -1;
    return line > start && line < end;
  });
}
