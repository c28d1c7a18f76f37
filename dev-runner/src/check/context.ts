import type { Component } from "../dapr-schemas.js";
import type { Manifest } from "../manifest.js";
import type { Loaded } from "./load.js";

/** What the rules read besides the resource they check. */
export interface CheckContext {
  manifest: Manifest;
  /** The manifest's services: the app ids scopes and targets may name. */
  appIds: Set<string>;
  /** Types the built daprd registers; undefined when not known (then not checked). */
  componentTypes: Set<string> | undefined;
  /** The profile's components by name (the last one, where a name is defined twice). */
  byName: Map<string, Loaded<Component>>;
  /** Components that exist but failed their schema: already reported, so not reported again as missing. */
  broken: Set<string>;
  /** Where problems of the profile as a whole are reported: its components folder. */
  componentsFolder: string;
}
