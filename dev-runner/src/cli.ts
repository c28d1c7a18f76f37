#!/usr/bin/env node
import { parseArgs } from "node:util";
import pc from "picocolors";
import { check } from "./commands/check.js";
import { deadLetters } from "./commands/dead-letters.js";
import { down } from "./commands/down.js";
import { env } from "./commands/env.js";
import { k8s } from "./commands/k8s.js";
import { logs } from "./commands/logs.js";
import { UsageError } from "./commands/project.js";
import { reindex } from "./commands/reindex.js";
import { runFile } from "./commands/run-file.js";
import { status } from "./commands/status.js";
import { up } from "./commands/up.js";
import { DeadLetterCliError } from "./dead-letters.js";
import { ManifestError } from "./manifest.js";
import { BinaryChecksumError } from "./meilisearch.js";
import { EmbeddedPostgresError } from "./postgres.js";
import { ReindexError } from "./reindex.js";
import { MissingBinaryError } from "./runtime.js";
import { formatProblem } from "./yaml-source.js";

const USAGE = `usage: auction-mesh <command> [options]

options: --manifest FILE (default: auction-mesh.yaml in the repository root)

commands:
  up [--profile P] [--only a,b]  validate, then start the whole mesh, or only some services (Ctrl-C stops it)
  control-plane [--profile P]  start only sentry, placement, scheduler and embedded servers (for dapr run -f)
  down                     stop a running mesh (from another shell)
  status                   print the status table of a running mesh
  logs [process] [-f] [-n N]  print (and follow) a process's log; without a name, list them
  check [--profile P]      validate auction-mesh.yaml and every Dapr YAML each profile (or only P) will load
  run-file [--profile P] [--out FILE]  write dapr.yaml for 'dapr run -f dapr.yaml'
  k8s [--profile P] [--out DIR] [--check]
                           render every profile (or P) for Kubernetes with Dapr into k8s/<profile>/;
                           --check: fail where k8s/ differs from a fresh render
  env                      print 'export' lines (API tokens, trust anchors, host address, Meilisearch) for 'dapr run -f'
  dead-letters [list|replay ID|discard ID] [--status S]
                           the message hospital of a running mesh (as an admin: a 5-minute token
                           signed with the mesh's own key from its state folder)
  reindex                  rebuild search's index of a running mesh from the catalogue, with progress
`;

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: "string" },
      manifest: { type: "string" },
      out: { type: "string" },
      follow: { type: "boolean", short: "f" },
      only: { type: "string" },
      lines: { type: "string", short: "n" },
      status: { type: "string" },
      check: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

/** Runs the command; resolves to the exit code. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, arg, arg2] = positionals;
  const manifestFile = values.manifest || undefined;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case "up":
      return up({ manifestFile, profile: values.profile, only: values.only, controlPlaneOnly: false });
    case "control-plane":
      return up({ manifestFile, profile: values.profile, controlPlaneOnly: true });
    case "down":
      return down(manifestFile);
    case "status":
      return status(manifestFile);
    case "logs":
      return logs(manifestFile, arg, values.follow ?? false, Number(values.lines ?? 100));
    case "check":
      return check(manifestFile, values.profile);
    case "run-file":
      return runFile(manifestFile, values.profile, values.out);
    case "env":
      return env(manifestFile);
    case "k8s":
      return k8s(manifestFile, values.profile, values.out, values.check ?? false);
    case "dead-letters":
      return deadLetters(manifestFile, [arg, arg2], values.status);
    case "reindex":
      return reindex(manifestFile);
    default:
      throw new UsageError(`unknown command '${command}'\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ManifestError) {
      console.error(pc.red(`✗ ${err.message}:`));
      for (const p of err.problems) console.error(`  ${formatProblem(p)}`);
    } else if (
      err instanceof UsageError ||
      err instanceof DeadLetterCliError ||
      err instanceof ReindexError ||
      err instanceof MissingBinaryError ||
      err instanceof BinaryChecksumError ||
      err instanceof EmbeddedPostgresError ||
      (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
    ) {
      console.error(pc.red(`✗ ${(err as Error).message}`));
    } else {
      console.error(pc.red(`✗ unexpected error: ${(err as Error).stack ?? err}`));
    }
    process.exit(err instanceof ManifestError || err instanceof UsageError ? 2 : 1);
  },
);
