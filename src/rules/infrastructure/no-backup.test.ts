import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { noBackup } from "./no-backup.ts";
import { locations } from "../../../test/support/rule-tester.ts";

describe("infrastructure/no-backup", () => {
  it("fires on an RDS instance with zero retention and no final snapshot, at each setting", () => {
    const tf = `# the main database
resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 0 # saves money
  skip_final_snapshot     = true
  tags = {
    Name = "main"
  }
}
`;
    const findings = runRule(noBackup, { "infra/db.tf": tf });
    expect(findings.map((f) => [f.startLine, f.endLine, f.severity, f.symbol])).toEqual([
      [5, 5, "high", "aws_db_instance.main"],
      [6, 6, "low", "aws_db_instance.main"],
    ]);
    expect(findings[0]!.message).toMatch(
      /^aws_db_instance.main is declared with backups off \(backup_retention_period = 0\)/,
    );
  });
  it("fires on a Cloud SQL instance with backups disabled inside nested blocks", () => {
    const tf =
      'resource "google_sql_database_instance" "db" {\n  settings {\n    tier = "db-f1-micro"\n    backup_configuration {\n      enabled = false\n    }\n  }\n}\n';
    expect(locations(noBackup, { "main.tf": tf })).toEqual(["main.tf:5-5"]);
  });
  it("fires on a CloudFormation RDS instance with BackupRetentionPeriod 0 (YAML with intrinsic tags) and on JSON", () => {
    const yaml =
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBInstanceClass: !Ref Size\n      BackupRetentionPeriod: 0\n";
    expect(locations(noBackup, { "stack.yaml": yaml })).toEqual(["stack.yaml:7-7"]);
    const json = JSON.stringify(
      {
        Resources: {
          Db: { Type: "AWS::RDS::DBCluster", Properties: { BackupRetentionPeriod: "0" } },
        },
      },
      null,
      2,
    );
    expect(locations(noBackup, { "stack.template.json": json })).toEqual([
      "stack.template.json:6-6",
    ]);
  });
  it("does not fire on retention from a variable, a read replica, or a commented setting", () => {
    const tf = `resource "aws_db_instance" "a" {
  backup_retention_period = var.retention
}
resource "aws_db_instance" "replica" {
  replicate_source_db     = aws_db_instance.a.identifier
  backup_retention_period = 0
}
resource "aws_db_instance" "b" {
  # backup_retention_period = 0
  backup_retention_period = 7
  skip_final_snapshot     = false
}
`;
    expect(locations(noBackup, { "db.tf": tf })).toEqual([]);
  });
  it("does not fire on the same attribute names in other resources or in strings and heredocs", () => {
    const tf = `resource "aws_elasticache_cluster" "cache" {
  snapshot_retention_limit = 0
  backup_retention_period  = 0
}
resource "aws_db_instance" "c" {
  description = "backup_retention_period = 0 } skip_final_snapshot = true"
  user_data = <<EOT
backup_retention_period = 0
EOT
  backup_retention_period = 14
}
`;
    expect(locations(noBackup, { "db.tf": tf })).toEqual([]);
  });
  it("does not fire on a CloudFormation cluster that keeps backups, nor on non-database types", () => {
    const yaml =
      "Resources:\n  Db:\n    Type: AWS::RDS::DBCluster\n    DeletionPolicy: Snapshot\n    Properties:\n      BackupRetentionPeriod: 7\n  Bucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Delete\n";
    expect(locations(noBackup, { "template.yaml": yaml })).toEqual([]);
  });
});
