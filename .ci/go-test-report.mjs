// Runs `go test -json ...` (the arguments after the output file), prints a readable report,
// and writes the results in the shape of vitest's JSON reporter, so .ci/test-all.sh counts Go
// tests with the rest. Exits with go's exit code.
//   node .ci/go-test-report.mjs <out.json> go test -json ./...
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";

const [out, command, ...args] = process.argv.slice(2);
if (!out || !command) {
  console.error("usage: node .ci/go-test-report.mjs <out.json> go test -json <packages>");
  process.exit(2);
}
const packages = new Map(); // package -> { status, output[], tests: Map(name -> { status, output[] }) }
const pkg = (name) => {
  if (!packages.has(name)) packages.set(name, { status: "passed", output: [], tests: new Map() });
  return packages.get(name);
};

function take(event) {
  if (!event.Package) return;
  const p = pkg(event.Package);
  const t = event.Test
    ? (p.tests.get(event.Test) ?? p.tests.set(event.Test, { status: "pending", output: [] }).get(event.Test))
    : undefined;
  if (event.Action === "output") (t ?? p).output.push(event.Output);
  if (["pass", "fail", "skip"].includes(event.Action)) {
    const status = { pass: "passed", fail: "failed", skip: "skipped" }[event.Action];
    if (t) {
      t.status = status;
      console.log(
        `${status === "passed" ? "✓" : status === "failed" ? "✗" : "-"} ${event.Package.split("/").slice(-2).join("/")} › ${event.Test}`,
      );
    } else p.status = status === "failed" ? "failed" : p.status;
  }
}

const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
const lines = createInterface({ input: child.stdout });
lines.on("line", (line) => {
  try {
    take(JSON.parse(line));
  } catch {
    console.log(line); // a build error before any JSON
  }
});
const code = await new Promise((done) => child.on("close", (c) => done(c ?? 1)));

const testResults = [...packages].map(([name, p]) => {
  // Leaf tests only: a parent passes or fails with its subtests, and would count twice.
  const names = [...p.tests.keys()];
  const assertionResults = [...p.tests]
    .filter(([test]) => !names.some((other) => other.startsWith(`${test}/`)))
    .map(([test, t]) => ({
      fullName: test,
      title: test,
      status: t.status,
      failureMessages: t.status === "failed" ? [t.output.join("")] : [],
    }));
  const failedOutside = p.status === "failed" && !assertionResults.some((a) => a.status === "failed");
  return { name, status: p.status, message: failedOutside ? p.output.join("") : "", assertionResults };
});
const count = (status) => testResults.flatMap((r) => r.assertionResults).filter((a) => a.status === status).length;
const summary = {
  numPassedTests: count("passed"),
  numFailedTests: count("failed"),
  numTotalTests: count("passed") + count("failed") + count("skipped"),
  success: code === 0,
  testResults,
};
mkdirSync(dirname(resolve(out)), { recursive: true });
writeFileSync(out, JSON.stringify(summary, null, 2));
for (const r of testResults.filter((r) => r.status === "failed")) {
  for (const a of r.assertionResults.filter((a) => a.status === "failed"))
    console.log(`\nFAILED ${r.name} › ${a.fullName}\n${a.failureMessages[0]}`);
  if (r.message) console.log(`\nFAILED ${r.name}\n${r.message}`);
}
console.log(`go test: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
process.exit(code);
