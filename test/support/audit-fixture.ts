/**
 * The whole-audit helper for repository rules whose input only a real audit gathers (the module
 * graph and its entry points, coverage, configuration, several manifests): writes the files into
 * a fresh folder (no git), audits it with only the named rules on, and returns the report. Rules
 * that look at one file at a time are tested in memory with rule-tester.ts instead.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runAudit } from "../../src/audit/index.ts";
import { validateConfig } from "../../src/config/index.ts";
import type { AuditReport } from "../../src/report/index.ts";
import { RULES, ruleCatalogue } from "../../src/rules/index.ts";

/** A finding as tests assert it: rule, place and message. */
export interface Hit {
  rule: string;
  path: string | undefined;
  line: number | undefined;
  endLine: number | undefined;
  message: string;
}

/** Writes `files` into a fresh folder (no git), audits it with only `ruleIds` enabled, and returns the report. */
export async function auditFiles(
  files: Record<string, string>,
  ruleIds: string[],
  config: Record<string, unknown> = {},
  extra: { coverage?: (root: string) => string } = {},
): Promise<AuditReport> {
  const root = mkdtempSync(join(tmpdir(), "debtlens-rule-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const rules: Record<string, unknown> = {};
    for (const rule of RULES) if (!ruleIds.includes(rule.id)) rules[rule.id] = "off";
    for (const [id, setting] of Object.entries(
      (config.rules as Record<string, unknown> | undefined) ?? {},
    ))
      rules[id] = setting;
    const valid = validateConfig(
      { ...config, rules, cache: { enabled: false }, workers: 0, history: { enabled: false } },
      "(test)",
      ruleCatalogue,
    );
    return await runAudit({
      root,
      config: valid,
      ...(extra.coverage ? { coverage: extra.coverage(root) } : {}),
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The findings of `ruleId` on `files`, sorted by path and line. */
export async function hits(
  ruleId: string,
  files: Record<string, string>,
  config: Record<string, unknown> = {},
): Promise<Hit[]> {
  const report = await auditFiles(files, [ruleId], config);
  if (report.errors.length) throw new Error(`analyzer errors: ${JSON.stringify(report.errors)}`);
  return report.items
    .filter((i) => i.rule === ruleId)
    .map((i) => ({
      rule: i.rule,
      path: i.path,
      line: i.startLine,
      endLine: i.endLine,
      message: i.message,
    }))
    .sort((a, b) =>
      `${a.path}:${String(a.line).padStart(6)}`.localeCompare(
        `${b.path}:${String(b.line).padStart(6)}`,
      ),
    );
}

/** Just `path:line` of each hit, for compact assertions. */
export async function places(
  ruleId: string,
  files: Record<string, string>,
  config: Record<string, unknown> = {},
): Promise<string[]> {
  return (await hits(ruleId, files, config)).map((h) => `${h.path}:${h.line}`);
}
