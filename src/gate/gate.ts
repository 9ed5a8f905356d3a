import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { resolveCacheDir, runAudit, type AuditOptions } from "../audit/index.ts";
import { temporaryFolder } from "../shared/index.ts";
import { GitError, materializeCommit, runGit } from "../git/index.ts";
import type { Config } from "../config/index.ts";
import { money as formatMoney, terminalText, type AuditReport } from "../report/index.ts";
import { loadBaseline } from "./baseline.ts";
import { compareReports, judge, type Comparison } from "./compare.ts";
import { loadTriage } from "../triage/index.ts";

export class GateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GateInputError";
  }
}

export interface GateOptions {
  root: string;
  config: Config;
  /** A commit-ish to compare with; without it, only the baseline file is the reference. */
  base?: string | undefined;
  today?: string;
  /** What both audits read besides the files (coverage, advisories, offline, history secrets). */
  audit?: Omit<AuditOptions, "root" | "config" | "onProgress">;
}

export interface GateResult {
  head: AuditReport;
  base?: AuditReport;
  comparison: Comparison;
}

/**
 * Audits the base commit, materialised from git's objects into a temporary folder (no checkout:
 * no hook or filter of the audited repository runs), and the working tree, with the working
 * tree's configuration and triage file for both (so that a rule setting or a decision does not
 * show up as new or fixed debt), and compares them. The base audit reads and writes the working
 * tree's cache: files the change did not touch are parsed once for both.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const root = resolve(options.root);
  const { config } = options;
  const baseline = loadBaseline(join(root, config.gate.baselineFile));
  if (!options.base && !baseline) {
    throw new GateInputError(
      `nothing to compare with: give --base REF or commit a baseline (${config.gate.baselineFile}, written by \`debtlens baseline\`)`,
    );
  }
  // The working tree's decisions apply to both audits: a decision is not new or fixed debt.
  const triage = loadTriage(join(root, config.gate.triageFile)) ?? null;
  const today = options.today ? { today: options.today } : {};
  const head = await runAudit({ root, config, ...options.audit, triage, ...today });

  let base: AuditReport | undefined;
  if (options.base) {
    let repository;
    try {
      repository = await runGit(["rev-parse", "--show-toplevel", "--show-prefix"], { cwd: root });
    } catch {
      throw new GateInputError(`${root} is not inside a git repository, so --base cannot be read`);
    }
    const prefix = repository.split("\n")[1]?.trim() ?? "";
    const folder = temporaryFolder("gate");
    try {
      try {
        await materializeCommit(root, options.base, folder.path, { prefix });
      } catch (error) {
        if (error instanceof GitError && error.timedOut) throw error;
        throw new GateInputError(
          `--base ${options.base}: no such commit, branch or tag (fetch it first, e.g. \`git fetch origin main\`)`,
        );
      }
      const baseRoot = join(folder.path, prefix);
      mkdirSync(baseRoot, { recursive: true });
      // The base shares the working tree's cache: files the change did not touch parse once.
      base = await runAudit({
        root: baseRoot,
        config,
        ...options.audit,
        triage,
        ...today,
        cacheDir: options.audit?.cacheDir ?? resolveCacheDir(root, config),
      });
    } finally {
      folder.remove();
    }
  }
  const changed = options.base ? await changedFiles(root, options.base) : undefined;
  const comparison = judge(
    compareReports(base, head, baseline, options.base ?? config.gate.baselineFile),
    head,
    config.gate,
    changed,
  );
  return { head, ...(base ? { base } : {}), comparison };
}

/**
 * The files a change touches: those that differ between the base commit and the working tree
 * (staged or not, renames as a deletion and an addition), and the untracked ones not ignored.
 * Paths relative to the audited folder, as the reports give them.
 */
async function changedFiles(root: string, base: string): Promise<Set<string>> {
  const list = (text: string) => text.split("\0").filter(Boolean);
  const diff = await runGit(
    ["diff", "--name-only", "-z", "--no-renames", "--relative", "--end-of-options", base, "--"],
    {
      cwd: root,
    },
  );
  const untracked = await runGit(["ls-files", "--others", "--exclude-standard", "-z"], {
    cwd: root,
  });
  return new Set([...list(diff), ...list(untracked)]);
}

/**
 * The verdict for a terminal or a CI log. Each line goes through terminalText (on a TTY or not):
 * a CI log renders escape sequences too, and a line break in a message could forge a verdict line.
 */
export function formatVerdict(result: GateResult): string {
  const { comparison: c, head } = result;
  const money = (v: number) => formatMoney(v, head.scoring.currency);
  const out: string[] = [];
  out.push(
    c.passed
      ? `debtlens gate: PASSED against ${c.base}`
      : `debtlens gate: FAILED against ${c.base}`,
  );
  for (const reason of c.reasons) out.push(`  - ${reason}`);
  if (c.notTouched)
    out.push(
      `  (${c.notTouched} new history item${c.notTouched === 1 ? "" : "s"} on files this change did not touch: not counted)`,
    );
  out.push(
    `new: ${c.added.length} items (principal ${money(c.addedPrincipal)}, interest ${money(c.addedInterest)}/yr) · ` +
      `fixed: ${c.fixed.length} items (principal ${money(c.fixedPrincipal)}) · unchanged: ${c.unchanged}${c.moved ? ` (${c.moved} moved)` : ""}` +
      `${c.excused ? ` · ${c.excused} excused by the baseline` : ""}`,
  );
  const line = (prefix: string, i: (typeof c.added)[number]) =>
    `  ${prefix} [${i.scores.class}] ${i.rule} ${i.path ?? "(repository)"}${i.startLine ? `:${i.startLine}` : ""}${i.symbol ? ` ${i.symbol}` : ""}: ${i.message}`;
  for (const i of c.added.slice(0, 50)) out.push(line("+", i));
  if (c.added.length > 50) out.push(`  … ${c.added.length - 50} more new items`);
  for (const i of c.fixed.slice(0, 50)) out.push(line("-", i));
  if (c.fixed.length > 50) out.push(`  … ${c.fixed.length - 50} more fixed items`);
  if (c.staleBaseline.length)
    out.push(
      `stale baseline entries (match nothing; rewrite it with \`debtlens baseline\`): ${c.staleBaseline.length}`,
    );
  const triage = head.triage;
  if (triage?.stale.length)
    out.push(`stale triage decisions (match nothing): ${triage.stale.map((s) => s.id).join(", ")}`);
  if (triage?.expired.length)
    out.push(
      `expired triage decisions (count again): ${triage.expired.map((e) => `${e.id} (until ${e.until})`).join(", ")}`,
    );
  return `${out.map(terminalText).join("\n")}\n`;
}
