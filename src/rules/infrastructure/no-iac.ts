import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { MANIFEST_FACT } from "../collectors/manifest-fact.ts";
import { applicability, placeAt } from "./service.ts";

const id = "infrastructure/no-iac";

/** Files that are infrastructure as code, or a platform's declarative deployment configuration, by path alone. */
const IAC_PATH: Array<[string, RegExp]> = [
  ["Terraform", /\.tf(\.json)?$|(^|\/)(terragrunt\.hcl|\.terraform\.lock\.hcl|cdktf\.json)$/],
  ["Pulumi", /(^|\/)Pulumi(\.[\w-]+)?\.ya?ml$/],
  ["AWS CDK", /(^|\/)cdk\.json$/],
  ["Helm", /(^|\/)Chart\.ya?ml$|(^|\/)helmfile\.ya?ml$/],
  ["Kustomize", /(^|\/)kustomization\.ya?ml$/],
  ["Serverless Framework", /(^|\/)serverless\.(ya?ml|ts|js|json)$/],
  ["SST", /(^|\/)sst\.config\.[cm]?[jt]s$/],
  ["AWS SAM", /(^|\/)samconfig\.toml$/],
  ["Bicep", /\.bicep$/],
  ["Ansible", /(^|\/)(ansible\.cfg|playbooks?\/[^/]+\.ya?ml)$/],
  ["Nomad", /\.nomad(\.hcl)?$/],
  ["AWS Copilot", /(^|\/)copilot\/.+\/manifest\.ya?ml$/],
  ["Elastic Beanstalk", /(^|\/)(\.ebextensions\/|Dockerrun\.aws\.json$)/],
  ["Skaffold", /(^|\/)skaffold\.ya?ml$/],
  ["Fly.io", /(^|\/)fly\.toml$/],
  ["Render", /(^|\/)render\.ya?ml$/],
  ["Vercel", /(^|\/)vercel\.json$/],
  ["Netlify", /(^|\/)netlify\.toml$/],
  ["Cloudflare", /(^|\/)wrangler\.(toml|jsonc?)$/],
  ["Heroku", /(^|\/)app\.json$|(^|\/)heroku\.yml$/],
  ["Azure Developer CLI", /(^|\/)azure\.ya?ml$/],
  ["App Runner", /(^|\/)apprunner\.ya?ml$/],
];
/** Packages that define infrastructure in code. */
const IAC_PACKAGES: Record<string, string> = {
  "aws-cdk-lib": "AWS CDK",
  "@aws-cdk/core": "AWS CDK",
  "aws-cdk": "AWS CDK",
  cdktf: "CDK for Terraform",
  "@pulumi/pulumi": "Pulumi",
  sst: "SST",
  serverless: "Serverless Framework",
  "@cdk8s/core": "cdk8s",
  cdk8s: "cdk8s",
};
/** YAML/JSON that is a Kubernetes manifest or a CloudFormation template by content. */
const KUBERNETES =
  /^apiVersion:\s*\S+\s*$[\s\S]*?^kind:\s*\w+|^kind:\s*\w+\s*$[\s\S]*?^apiVersion:\s*\S+/m;
const CLOUDFORMATION =
  /AWSTemplateFormatVersion|Transform["']?\s*:\s*["']?AWS::Serverless|Type["']?\s*:\s*["']?AWS::\w+::\w+/;

/** JSON files that are never templates (lockfiles are large). */
const NOT_TEMPLATE =
  /(^|\/)(package(-lock)?|npm-shrinkwrap|tsconfig[^/]*|jsconfig|composer(\.lock)?|\.eslintrc)\.json$|(^|\/)pnpm-lock\.yaml$/;

export function iacByPath(path: string): string | undefined {
  for (const [what, pattern] of IAC_PATH) if (pattern.test(path)) return what;
  return undefined;
}

export const noIac = defineRule({
  id,
  category: "infrastructure",
  severity: "medium",
  remediationMinutes: 2400,
  description:
    "A service with no infrastructure as code (Terraform, Pulumi, CDK, CloudFormation, Helm, Kubernetes manifests, a platform's deployment file).",
  rationale:
    "Infrastructure set up by hand cannot be reviewed, reproduced or rebuilt after an incident; environments drift apart and only the person who clicked knows how production is built.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    noIac:
      "This service has no infrastructure as code (no Terraform, Pulumi, CDK, CloudFormation, Helm or Kubernetes manifests, nor a platform file such as fly.toml or render.yaml): its environments are built by hand and cannot be reviewed or rebuilt. Describe them in code, starting with production.",
  },
  uses: [MANIFEST_FACT],
  textFiles: (path) => /\.(ya?ml|json|template)$/.test(path) && !NOT_TEMPLATE.test(path),
  checkText(ctx) {
    if (/\.ya?ml$/.test(ctx.path) && KUBERNETES.test(ctx.text))
      ctx.setFact({ kind: "iac", what: "Kubernetes" });
    else if (CLOUDFORMATION.test(ctx.text)) ctx.setFact({ kind: "iac", what: "CloudFormation" });
  },
  analyze(ctx) {
    const app = applicability(ctx);
    if (app.services.length === 0) return;
    if (ctx.allPaths.some((p) => iacByPath(p))) return;
    if ([...app.dependencies].some((name) => name in IAC_PACKAGES)) return;
    if (ctx.factsOf<{ kind: string }>(id).some((f) => f.fact.kind === "iac")) return;
    ctx.report({
      messageId: "noIac",
      key: "no-iac",
      ...placeAt(app.services[0]!.path),
      places: app.services.map((s) => ({ path: s.path, startLine: 1, endLine: 1 })),
    });
  },
});
