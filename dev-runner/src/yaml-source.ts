import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { type Document, LineCounter, parseAllDocuments } from "yaml";

/** One problem found in a file, located as precisely as we can: file:line:col and a path. */
export interface Problem {
  file: string;
  line?: number;
  col?: number;
  /** Dotted path inside the document, e.g. `spec.metadata[1].name`. */
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file;
  return `${where}  ${p.path ? `${p.path}: ` : ""}${p.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("");
}

/** A parsed YAML document that can locate any path in its source. */
export class YamlDoc {
  constructor(
    readonly file: string,
    readonly index: number,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  get value(): unknown {
    return this.doc.toJS();
  }

  /** Line and column of the deepest node that exists along `path`. */
  locate(path: readonly PropertyKey[]): { line?: number; col?: number } {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        const pos = this.lines.linePos(node.range[0]);
        return { line: pos.line, col: pos.col };
      }
    }
    return {};
  }

  problem(path: readonly PropertyKey[], message: string): Problem {
    return { file: this.file, ...this.locate(path), path: formatPath(path), message };
  }
}

/**
 * Reads every document of a YAML file. Syntax errors come back as problems (with their
 * position) rather than exceptions, so one run reports every broken file at once.
 */
export function readYaml(absPath: string, root: string): { docs: YamlDoc[]; problems: Problem[] } {
  const rel = relative(root, absPath);
  // Files outside the repository (a test's manifest) are named by their absolute path.
  const file = rel && !rel.startsWith("..") ? rel : absPath;
  let text: string;
  try {
    text = readFileSync(absPath, "utf8");
  } catch (err) {
    return { docs: [], problems: [{ file, path: "", message: `cannot read: ${(err as Error).message}` }] };
  }
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const docs: YamlDoc[] = [];
  const problems: Problem[] = [];
  const all = Array.isArray(parsed) ? parsed : [parsed];
  all.forEach((doc, index) => {
    for (const error of doc.errors) {
      const pos = lines.linePos(error.pos[0]);
      problems.push({ file, line: pos.line, col: pos.col, path: "", message: `YAML syntax: ${error.message.split("\n")[0]}` });
    }
    if (doc.errors.length === 0 && doc.contents !== null) docs.push(new YamlDoc(file, index, doc as Document, lines));
  });
  return { docs, problems };
}

/** Turns zod issues on a document into located problems; an unknown key points at the key. */
export function issuesToProblems(doc: YamlDoc, issues: readonly ZodIssueLike[]): Problem[] {
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys" && issue.keys && issue.keys.length > 0) {
      const keys = issue.keys.map((k) => `'${k}'`).join(", ");
      return doc.problem(
        [...issue.path, issue.keys[0] as string],
        `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys} (misspelled? Dapr would silently ignore it)`,
      );
    }
    return doc.problem(issue.path, issue.message);
  });
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}
