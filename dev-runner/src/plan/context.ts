import { resolve } from "node:path";
import type { Manifest } from "../manifest.js";
import type { Binary } from "../runtime.js";
import type { Tokens } from "./types.js";

type Profile = Manifest["profiles"][string];

/** What every part of the plan reads: where the mesh lives, its manifest and profile, binaries and tokens. */
export interface PlanContext {
  root: string;
  /** The mesh's state folder, absolute. */
  stateDir: string;
  manifest: Manifest;
  /** The manifest's active profile. */
  profile: Profile;
  tokens: Tokens;
  /** The path of a runtime binary: the resolved one, or its bare name when none was given. */
  bin: (name: Binary) => string;
}

export function planContext(root: string, manifest: Manifest, bins: Partial<Record<Binary, string>>, tokens: Tokens): PlanContext {
  const profile = manifest.profiles[manifest.profile];
  if (!profile) throw new Error(`no profile '${manifest.profile}'`);
  return {
    root,
    stateDir: resolve(root, manifest.stateDir),
    manifest,
    profile,
    tokens,
    bin: (name) => bins[name] ?? name,
  };
}
