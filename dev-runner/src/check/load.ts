import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { z } from "zod";
import { Component, Resiliency, ResourceSchemas, Subscription } from "../dapr-schemas.js";
import type { Manifest } from "../manifest.js";
import { issuesToProblems, type Problem, readYaml, type YamlDoc } from "../yaml-source.js";

/** A resource that passed its schema, with the document it came from (for positions in problems). */
export interface Loaded<T> {
  doc: YamlDoc;
  value: T;
}

/** The Dapr resources in the profile's components folder and the manifest's other resource folders. */
export interface LoadedResources {
  /** Every YAML file read, relative to the repository root. */
  files: string[];
  /** Missing folders, YAML syntax, schemas and unknown kinds. */
  problems: Problem[];
  components: Loaded<Component>[];
  subscriptions: Loaded<Subscription>[];
  resiliencies: Loaded<Resiliency>[];
  /** Components that exist but failed their schema: already reported, so not reported again as missing. */
  broken: Set<string>;
  /** A resiliency file that failed its schema: its targets are unknown, so nothing is reported as missing from it. */
  brokenResiliency: boolean;
}

export function loadResources(root: string, manifest: Manifest): LoadedResources {
  const loaded: LoadedResources = {
    files: [],
    problems: [],
    components: [],
    subscriptions: [],
    resiliencies: [],
    broken: new Set(),
    brokenResiliency: false,
  };
  const profile = manifest.profiles[manifest.profile];
  const dirs = [profile?.components, ...manifest.resources].filter((d): d is string => Boolean(d));
  for (const dir of dirs) loadFolder(root, dir, loaded);
  return loaded;
}

function loadFolder(root: string, dir: string, loaded: LoadedResources): void {
  const abs = resolve(root, dir);
  if (!existsSync(abs)) {
    loaded.problems.push({ file: "auction-mesh.yaml", path: "", message: `resource folder '${dir}' does not exist` });
    return;
  }
  for (const file of yamlFiles(abs)) {
    loaded.files.push(relative(root, file));
    const { docs, problems: syntax } = readYaml(file, root);
    loaded.problems.push(...syntax);
    for (const doc of docs) addResource(doc, loaded);
  }
}

function addResource(doc: YamlDoc, loaded: LoadedResources): void {
  const { problems } = loaded;
  const kind = (doc.value as { kind?: unknown } | null)?.kind;
  if (kind === "Component") {
    const value = parseAs(doc, Component, problems);
    if (value) loaded.components.push({ doc, value });
    else {
      const name = (doc.value as { metadata?: { name?: unknown } }).metadata?.name;
      if (typeof name === "string") loaded.broken.add(name);
    }
  } else if (kind === "Subscription") {
    const value = parseAs(doc, Subscription, problems);
    if (value) loaded.subscriptions.push({ doc, value });
  } else if (kind === "Resiliency") {
    const value = parseAs(doc, Resiliency, problems);
    if (value) loaded.resiliencies.push({ doc, value });
    else loaded.brokenResiliency = true;
  } else {
    const kinds = Object.keys(ResourceSchemas).filter((k) => k !== "Configuration");
    problems.push(doc.problem(["kind"], `expected one of ${kinds.join(", ")}, got ${JSON.stringify(kind)}`));
  }
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((f) => join(dir, f));
}

/** The document's value if it passes the schema; otherwise its problems are added to `problems`. */
export function parseAs<S extends z.ZodType>(doc: YamlDoc, schema: S, problems: Problem[]): z.infer<S> | undefined {
  const result = schema.safeParse(doc.value);
  if (result.success) return result.data;
  problems.push(...issuesToProblems(doc, result.error.issues));
  return undefined;
}
