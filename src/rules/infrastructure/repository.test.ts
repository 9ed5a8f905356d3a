import { describe, expect, it } from "vitest";
import { auditFiles } from "../../../test/support/audit-fixture.ts";

/** Whole audits of small realistic repositories (real discovery, engine and register), one per rule family. */
async function found(files: Record<string, string>, ids: string[]): Promise<string[]> {
  const report = await auditFiles(files, ids);
  expect(report.errors).toEqual([]);
  return report.items
    .filter((i) => ids.includes(i.rule))
    .map((i) => `${i.rule} ${i.path ?? ""}:${i.startLine ?? ""}`)
    .sort();
}

const apiPackage = JSON.stringify(
  {
    name: "shop-api",
    private: true,
    scripts: {
      start: "node dist/main.js",
      build: "tsc",
      test: "vitest run",
      "test:ci": "npm test -- --coverage",
    },
    dependencies: { express: "^4.21.0", pg: "^8.12.0" },
    devDependencies: { vitest: "^2.0.0", typescript: "^5.5.0" },
  },
  null,
  2,
);
const mainTs = `import express from "express";
import { listOrders } from "./orders.ts";
const app = express();
app.get("/orders", listOrders);
app.listen(Number(process.env.PORT ?? 3000), () => console.log("listening"));
`;
const ordersTs = `export async function listOrders(req, res) {
  console.log("orders for", req.query.customer);
  res.json([]);
}
`;

describe("infrastructure rules on whole repositories", () => {
  it("CI family: a service whose only workflow builds and deploys", async () => {
    const files = {
      "package.json": apiPackage,
      "src/main.ts": mainTs,
      "src/orders.ts": ordersTs,
      ".github/workflows/deploy.yml":
        "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm run build\n",
    };
    const ids = [
      "infrastructure/no-ci",
      "infrastructure/ci-without-tests",
      "infrastructure/ci-without-security-scan",
    ];
    expect(await found(files, ids)).toEqual([
      "infrastructure/ci-without-security-scan .github/workflows/deploy.yml:1",
      "infrastructure/ci-without-tests .github/workflows/deploy.yml:1",
    ]);
    const fixed = {
      ...files,
      ".github/workflows/ci.yml":
        "on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - run: npm run test:ci\n",
      ".github/dependabot.yml": "version: 2\nupdates: []\n",
    };
    expect(await found(fixed, ids)).toEqual([]);
  });

  it("Deployment family: Kubernetes manifests, Terraform and a deploy script", async () => {
    const files = {
      "package.json": apiPackage,
      "src/main.ts": mainTs,
      "deploy/k8s/api.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: api\n          image: shop/api:1\n",
      "infra/rds.tf":
        'resource "aws_db_instance" "orders" {\n  engine = "postgres"\n  backup_retention_period = 0\n}\n',
      "scripts/hotfix.sh": "#!/bin/sh\nscp dist/main.js admin@203.0.113.10:/srv/api/\n",
    };
    const ids = [
      "infrastructure/no-iac",
      "infrastructure/manual-deploy",
      "infrastructure/no-autoscaling",
      "infrastructure/no-backup",
    ];
    expect(await found(files, ids)).toEqual([
      "infrastructure/manual-deploy scripts/hotfix.sh:2",
      "infrastructure/no-autoscaling deploy/k8s/api.yaml:2",
      "infrastructure/no-autoscaling deploy/k8s/api.yaml:2",
      "infrastructure/no-backup infra/rds.tf:3",
    ]);
    const bare = { "package.json": apiPackage, "src/main.ts": mainTs };
    expect(await found(bare, ids)).toEqual(["infrastructure/no-iac package.json:1"]);
  });

  it("Observability family: a bare Express service, then the same service instrumented", async () => {
    const ids = [
      "infrastructure/no-healthcheck",
      "infrastructure/no-structured-logging",
      "infrastructure/no-metrics",
      "infrastructure/no-tracing",
      "infrastructure/no-error-tracking",
    ];
    const files = { "package.json": apiPackage, "src/main.ts": mainTs, "src/orders.ts": ordersTs };
    expect(await found(files, ids)).toEqual([
      "infrastructure/no-error-tracking package.json:1",
      "infrastructure/no-healthcheck src/main.ts:4",
      "infrastructure/no-metrics package.json:1",
      "infrastructure/no-structured-logging src/main.ts:5",
      "infrastructure/no-tracing package.json:1",
    ]);
    const instrumented = JSON.parse(apiPackage) as { dependencies: Record<string, string> };
    Object.assign(instrumented.dependencies, {
      pino: "9",
      "prom-client": "15",
      "@opentelemetry/sdk-node": "0.52",
      "@sentry/node": "8",
    });
    const healthy = {
      ...files,
      "package.json": JSON.stringify(instrumented),
      "src/main.ts": mainTs.replace(
        "app.listen",
        'app.get("/healthz", (_req, res) => res.send("ok"));\napp.listen',
      ),
    };
    expect(await found(healthy, ids)).toEqual([]);
  });

  it("a published library gets the CI rules but none of the service rules", async () => {
    const files = {
      "package.json": JSON.stringify({
        name: "tiny-lib",
        version: "1.0.0",
        exports: "./dist/index.js",
        scripts: { test: "vitest" },
        dependencies: { express: "4" },
      }),
      "src/index.ts":
        'import express from "express";\nexport const app = express();\napp.get("/x", (q, s) => s.end());\nconsole.log("loaded");\n',
    };
    const ids = [
      "infrastructure/no-ci",
      "infrastructure/no-iac",
      "infrastructure/no-healthcheck",
      "infrastructure/no-metrics",
      "infrastructure/no-structured-logging",
    ];
    expect(await found(files, ids)).toEqual(["infrastructure/no-ci package.json:1"]);
  });
});
