import type { Document, Node } from "yaml";
import { yamlModule } from "../../shared/index.ts";
import { z } from "zod";
import { defineRule, type Report } from "../../engine/index.ts";
import { parseHcl, type HclBlock } from "./hcl.ts";

/** Terraform database resources and where their backup retention is set. */
const RETENTION_ATTRIBUTES: Record<string, string[]> = {
  aws_db_instance: ["backup_retention_period"],
  aws_rds_cluster: ["backup_retention_period"],
  aws_docdb_cluster: ["backup_retention_period"],
  aws_neptune_cluster: ["backup_retention_period"],
  azurerm_postgresql_server: ["backup_retention_days"],
  azurerm_postgresql_flexible_server: ["backup_retention_days"],
  azurerm_mysql_server: ["backup_retention_days"],
  azurerm_mysql_flexible_server: ["backup_retention_days"],
  azurerm_mariadb_server: ["backup_retention_days"],
};
const FINAL_SNAPSHOT = new Set([
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_docdb_cluster",
  "aws_neptune_cluster",
]);

/** CloudFormation database types and their retention property. */
const CFN_RETENTION: Record<string, string> = {
  "AWS::RDS::DBInstance": "BackupRetentionPeriod",
  "AWS::RDS::DBCluster": "BackupRetentionPeriod",
  "AWS::DocDB::DBCluster": "BackupRetentionPeriod",
  "AWS::Neptune::DBCluster": "BackupRetentionPeriod",
};

const isZero = (value: string) => /^"?0"?$/.test(value);
const isTrue = (value: string) => value === "true";
const isFalse = (value: string) => value === "false";

function nested(block: HclBlock, ...path: string[]): HclBlock | undefined {
  let current: HclBlock | undefined = block;
  for (const type of path) current = current?.blocks.find((b) => b.type === type);
  return current;
}

function terraformFindings(text: string): Report[] {
  const out: Report[] = [];
  for (const resource of parseHcl(text).blocks) {
    if (resource.type !== "resource" || resource.labels.length < 2) continue;
    const [type, name] = resource.labels as [string, string];
    const at = { symbol: `${type}.${name}` };
    // Read replicas take no backups of their own by design.
    if (resource.attributes.has("replicate_source_db")) continue;
    for (const attribute of RETENTION_ATTRIBUTES[type] ?? []) {
      const value = resource.attributes.get(attribute);
      if (value && isZero(value.value))
        out.push({
          messageId: "retentionZero",
          data: { resource: at.symbol, setting: `${attribute} = 0` },
          startLine: value.line,
          ...at,
        });
    }
    if (FINAL_SNAPSHOT.has(type)) {
      const skip = resource.attributes.get("skip_final_snapshot");
      if (skip && isTrue(skip.value))
        out.push({
          messageId: "noFinalSnapshot",
          data: { resource: at.symbol, setting: "skip_final_snapshot = true" },
          startLine: skip.line,
          severity: "low",
          ...at,
        });
    }
    if (type === "google_sql_database_instance") {
      const enabled = nested(resource, "settings", "backup_configuration")?.attributes.get(
        "enabled",
      );
      if (enabled && isFalse(enabled.value))
        out.push({
          messageId: "retentionZero",
          data: { resource: at.symbol, setting: "backup_configuration { enabled = false }" },
          startLine: enabled.line,
          ...at,
        });
    }
    if (type === "azurerm_mssql_database") {
      const days = nested(resource, "short_term_retention_policy")?.attributes.get(
        "retention_days",
      );
      if (days && isZero(days.value))
        out.push({
          messageId: "retentionZero",
          data: {
            resource: at.symbol,
            setting: "short_term_retention_policy { retention_days = 0 }",
          },
          startLine: days.line,
          ...at,
        });
    }
    if (type === "aws_dynamodb_table") {
      const enabled = nested(resource, "point_in_time_recovery")?.attributes.get("enabled");
      if (enabled && isFalse(enabled.value))
        out.push({
          messageId: "retentionZero",
          data: { resource: at.symbol, setting: "point_in_time_recovery { enabled = false }" },
          startLine: enabled.line,
          ...at,
        });
    }
  }
  return out;
}

function cloudFormationFindings(text: string): Report[] {
  const out: Report[] = [];
  const counter = new (yamlModule().LineCounter)();
  for (const doc of yamlModule().parseAllDocuments(text, { lineCounter: counter }) as Document[]) {
    if (doc.errors.length || !yamlModule().isMap(doc.contents)) continue;
    const resources = doc.get("Resources", true);
    if (!yamlModule().isMap(resources)) continue;
    const lineOf = (node: unknown) => counter.linePos((node as Node).range?.[0] ?? 0).line;
    for (const pair of resources.items) {
      const name = String((pair.key as { value?: unknown })?.value ?? "");
      const resource = pair.value;
      if (!yamlModule().isMap(resource)) continue;
      const type = String(resource.get("Type") ?? "");
      const at = { symbol: `${type} ${name}` };
      const property = CFN_RETENTION[type];
      const retention = property ? resource.getIn(["Properties", property], true) : undefined;
      if (retention && String((retention as { value?: unknown }).value) === "0")
        out.push({
          messageId: "retentionZero",
          data: { resource: name, setting: `${property}: 0` },
          startLine: lineOf(retention),
          ...at,
        });
      const policy = resource.get("DeletionPolicy", true);
      if (property && policy && (policy as { value?: unknown }).value === "Delete")
        out.push({
          messageId: "noFinalSnapshot",
          data: { resource: name, setting: "DeletionPolicy: Delete" },
          startLine: lineOf(policy),
          severity: "low",
          ...at,
        });
      const pitr =
        type === "AWS::DynamoDB::Table"
          ? resource.getIn(
              ["Properties", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"],
              true,
            )
          : undefined;
      if (pitr && String((pitr as { value?: unknown }).value) === "false")
        out.push({
          messageId: "retentionZero",
          data: { resource: name, setting: "PointInTimeRecoveryEnabled: false" },
          startLine: lineOf(pitr),
          ...at,
        });
    }
  }
  return out;
}

export const noBackup = defineRule({
  id: "infrastructure/no-backup",
  category: "infrastructure",
  severity: "high",
  remediationMinutes: 60,
  description:
    "Managed databases declared with backups off, zero retention, or no final snapshot on deletion.",
  rationale:
    "A database without backups turns one bad migration, deleted row or compromised credential into permanent data loss; recovery then depends on luck rather than on a restore drill.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    retentionZero:
      "{{resource}} is declared with backups off ({{setting}}): a bad migration or a deleted table cannot be restored. Keep automated backups (at least 7 days) with point-in-time recovery.",
    noFinalSnapshot:
      "{{resource}} is deleted without a final snapshot ({{setting}}): removing or replacing the resource destroys its data with it. Keep a final snapshot for any database that holds data you need.",
  },
  textFiles: (path) =>
    /\.tf$|\.(ya?ml|json|template)$/.test(path) &&
    !/(^|\/)(package(-lock)?|tsconfig[^/]*)\.json$|pnpm-lock\.yaml$/.test(path),
  checkText(ctx) {
    let reports: Report[];
    if (ctx.path.endsWith(".tf")) {
      if (!/resource\s+"(aws_|google_sql|azurerm_)/.test(ctx.text)) return;
      reports = terraformFindings(ctx.text);
    } else {
      if (!/AWS::(RDS|DocDB|Neptune|DynamoDB)::/.test(ctx.text)) return;
      reports = cloudFormationFindings(ctx.text);
    }
    for (const report of reports) ctx.report(report);
  },
});
