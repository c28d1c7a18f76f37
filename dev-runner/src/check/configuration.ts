import { resolve } from "node:path";
import { checkAccessControl } from "../access-control.js";
import { Configuration } from "../dapr-schemas.js";
import type { Manifest } from "../manifest.js";
import { type Problem, readYaml, type YamlDoc } from "../yaml-source.js";
import { parseAs } from "./load.js";

/** The mesh's Configuration: its schema, its access control policies, and a name resolver daprd has. */
export function configurationProblems(root: string, manifest: Manifest, appIds: Set<string>, componentTypes?: Set<string>): Problem[] {
  const config = readYaml(resolve(root, manifest.daprConfig), root);
  return [...config.problems, ...config.docs.flatMap((doc) => configurationDocProblems(doc, appIds, componentTypes))];
}

function configurationDocProblems(doc: YamlDoc, appIds: Set<string>, componentTypes?: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const value = parseAs(doc, Configuration, problems);
  if (value) problems.push(...checkAccessControl(doc, value, appIds));
  const resolver = value?.spec.nameResolution?.component;
  if (resolver && componentTypes && !componentTypes.has(`nameresolution.${resolver}`)) {
    problems.push(doc.problem(["spec", "nameResolution", "component"], `daprd was not built with 'nameresolution.${resolver}'`));
  }
  return problems;
}
