import { readRepositoryJson, writeFileNoFollow } from "../shared/index.ts";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { AuditReport, ReportItem } from "../report/index.ts";

export const BASELINE_SCHEMA_ID = "debtlens.baseline/v2";
const BASELINE_V1_ID = "debtlens.baseline/v1";

/** Characters of an item's token: the fingerprint's, then the move key's (base64url, 6 bits each). */
const ID_CHARS = 4;
const KEY_CHARS = 4;
const TOKEN_CHARS = ID_CHARS + KEY_CHARS;

/**
 * v1 listed every item with its id, rule, path, symbol and move key in full: 627 KB for 8,000
 * items on a real register. v2 keeps what matching needs, per rule: 24 bits of the fingerprint
 * and 24 bits of the move key, eight base64url characters an item (about 64 KB for 8,000). A new
 * item passes for a baseline one only if one of them collides within its rule: about 1 in 8,400
 * per 1,000 baseline items of that rule.
 */
const v2FileSchema = z.strictObject({
  schema: z.literal(BASELINE_SCHEMA_ID),
  generatedAt: z.string(),
  encoding: z.string().optional(),
  entries: z.record(
    z.string(),
    z
      .string()
      .regex(/^[\w-]*$/, "base64url tokens")
      .refine((text) => text.length % TOKEN_CHARS === 0, `a multiple of ${TOKEN_CHARS} characters`),
  ),
});

const v1EntrySchema = z.strictObject({
  id: z.string(),
  rule: z.string(),
  path: z.string().optional(),
  symbol: z.string().optional(),
  key: z.string(),
});
const v1FileSchema = z.strictObject({
  schema: z.literal(BASELINE_V1_ID),
  generatedAt: z.string(),
  items: z.array(v1EntrySchema),
});

/** A baseline as the gate matches it: per entry its rule and the two tokens. */
export interface BaselineFile {
  generatedAt: string;
  items: Array<{ rule: string; id: string; key: string }>;
}

const token = (text: string, chars: number) =>
  createHash("sha256").update(text).digest("base64url").slice(0, chars);

/** The fingerprint's token, with its rule: what matches an item still in its file. */
export function baselineIdOf(item: Pick<ReportItem, "id" | "rule">): string {
  return `${item.rule}\u0000${token(item.id, ID_CHARS)}`;
}

/** The move key's token, with its rule: what matches an item whose code moved to another file. */
export function baselineKeyOf(
  item: Pick<ReportItem, "rule" | "symbol" | "message" | "path">,
): string {
  return `${item.rule}\u0000${token(moveKey(item), KEY_CHARS)}`;
}

/** v1 and v2 files alike, as the gate matches them. */
export const baselineFileSchema = z
  .union([v2FileSchema, v1FileSchema])
  .transform((file): BaselineFile =>
    "entries" in file
      ? {
          generatedAt: file.generatedAt,
          items: Object.entries(file.entries).flatMap(([rule, tokens]) =>
            Array.from({ length: tokens.length / TOKEN_CHARS }, (_, n) => {
              const entry = tokens.slice(n * TOKEN_CHARS, (n + 1) * TOKEN_CHARS);
              return {
                rule,
                id: `${rule}\u0000${entry.slice(0, ID_CHARS)}`,
                key: `${rule}\u0000${entry.slice(ID_CHARS)}`,
              };
            }),
          ),
        }
      : {
          generatedAt: file.generatedAt,
          items: file.items.map((e) => ({
            rule: e.rule,
            id: `${e.rule}\u0000${token(e.id, ID_CHARS)}`,
            key: `${e.rule}\u0000${token(e.key, KEY_CHARS)}`,
          })),
        },
  );

export class BaselineFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineFileError";
  }
}

/**
 * Fingerprints include the path (src/findings/fingerprint.ts), so code moved to another file gets
 * a new fingerprint. What stays the same when code moves unchanged is the rule, the symbol and the
 * message with the file's own name taken out (the message carries the metric values: a function
 * whose complexity changed while it moved does not match, and counts as new).
 */
export function moveKey(item: Pick<ReportItem, "rule" | "symbol" | "message" | "path">): string {
  let message = item.message;
  if (item.path) {
    message = message.split(item.path).join("<path>");
    const base = item.path.split("/").pop();
    if (base) message = message.split(base).join("<file>");
  }
  return `${item.rule}\u0000${item.symbol ?? ""}\u0000${message}`;
}

export function baselineOf(
  report: AuditReport,
  generatedAt: string = new Date().toISOString(),
): z.input<typeof v2FileSchema> {
  const byRule = new Map<string, string[]>();
  for (const item of report.items) {
    const tokens = byRule.get(item.rule) ?? [];
    tokens.push(`${token(item.id, ID_CHARS)}${token(moveKey(item), KEY_CHARS)}`);
    byRule.set(item.rule, tokens);
  }
  return {
    schema: BASELINE_SCHEMA_ID,
    generatedAt,
    encoding: `per rule, ${TOKEN_CHARS} base64url characters an item: ${ID_CHARS} of sha256(fingerprint), ${KEY_CHARS} of sha256(move key) (docs/gate.md)`,
    // sorted, so that a rewritten baseline differs only where the register did
    entries: Object.fromEntries(
      [...byRule.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([rule, tokens]) => [rule, tokens.sort().join("")]),
    ),
  };
}

export function writeBaseline(path: string, report: AuditReport): { items: number } {
  const baseline = baselineOf(report);
  writeFileNoFollow(path, `${JSON.stringify(baseline, null, 2)}\n`);
  return { items: report.items.length };
}

export function loadBaseline(path: string): BaselineFile | undefined {
  return readRepositoryJson(path, baselineFileSchema, (message) => new BaselineFileError(message));
}
