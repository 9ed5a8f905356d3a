import { join } from "node:path";
import { runAudit } from "../audit/index.ts";
import { configSchema } from "../config/index.ts";
import stripJsonComments from "strip-json-comments";
import {
  lexists,
  makeDirectoryNoLinks,
  readFileNoFollow,
  writeFileNoFollow,
} from "../shared/index.ts";
import { configText } from "./config-text.ts";
import { detectProject, type ProjectFacts } from "./detect.ts";
import { workflowFor } from "./workflow.ts";

export interface InitOptions {
  /** Overwrite files that exist (otherwise their differences are shown, nothing is written). */
  force?: boolean;
  /** Also write the CI workflow for the gate where the CI system is known (default true). */
  ci?: boolean;
  today?: string;
}

export interface InitFile {
  path: string;
  state: "written" | "unchanged" | "differs" | "overwritten";
  /** For an existing file that differs: lines only it has (-) and lines init would write (+). */
  changes: string[];
}

export interface InitResult {
  facts: ProjectFacts;
  files: InitFile[];
  next: string[];
}

/**
 * `debtlens init`: audits the folder with the defaults to see what it is (scopes, team, the
 * frameworks, the CI system, owners), then writes a commented debtlens.config.json and the gate's
 * CI workflow. An existing file is never overwritten without `force`: init shows how it differs.
 */
export async function initProject(root: string, options: InitOptions = {}): Promise<InitResult> {
  const defaults = configSchema.parse({});
  const report = await runAudit({ root, config: structuredClone(defaults) });
  const facts = detectProject(root, report);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const proposals = [{ path: "debtlens.config.json", text: configText(facts, defaults, today) }];
  const next: string[] = [];
  const workflow = options.ci === false ? undefined : workflowFor(facts.ci);
  if (workflow) {
    proposals.push(workflow);
    if (workflow.next) next.push(workflow.next);
  }
  // what init writes must load: a mistake here would break every later audit
  configSchema.parse(JSON.parse(stripJsonComments(proposals[0]!.text)));
  const files = proposals.map((p) => place(root, p.path, p.text, options.force ?? false));
  return { facts, files, next };
}

function place(root: string, path: string, text: string, force: boolean): InitFile {
  const target = join(root, path);
  if (lexists(target)) {
    const existing = readFileNoFollow(target).toString("utf8");
    const changes = lineChanges(existing, text);
    if (changes.length === 0) return { path, state: "unchanged", changes };
    if (!force) return { path, state: "differs", changes };
    writeFileNoFollow(target, text);
    return { path, state: "overwritten", changes };
  }
  const folder = path.split("/").slice(0, -1).join("/");
  if (folder) makeDirectoryNoLinks(root, folder);
  writeFileNoFollow(target, text);
  return { path, state: "written", changes: [] };
}

/** Lines only the existing file has (`- `) and lines only init's has (`+ `), the date line aside. */
export function lineChanges(existing: string, proposed: string): string[] {
  const dated = /^\s*\/\/ Written by `debtlens init` on \d{4}-\d\d-\d\d/;
  const count = (text: string) => {
    const counts = new Map<string, number>();
    for (const line of text.split("\n"))
      if (line.trim() && !dated.test(line)) counts.set(line, (counts.get(line) ?? 0) + 1);
    return counts;
  };
  const before = count(existing);
  const after = count(proposed);
  const changes: string[] = [];
  for (const [line, n] of before) if (n > (after.get(line) ?? 0)) changes.push(`- ${line.trim()}`);
  for (const [line, n] of after) if (n > (before.get(line) ?? 0)) changes.push(`+ ${line.trim()}`);
  return changes;
}
