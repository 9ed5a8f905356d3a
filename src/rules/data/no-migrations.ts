import { z } from "zod";
import { defineRule, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf, PACKAGES_BY_KIND } from "../../frameworks/index.ts";
import { MANIFEST_FACT, manifestsOf, type ManifestFact } from "../collectors/manifest-fact.ts";
import { isTestFile } from "../../shared/index.ts";

/** Libraries over a schema that changes (SQL); document and key-value stores are left out. */
const SQL = new Set(["Prisma", "TypeORM", "Sequelize", "Knex", "Kysely", "Drizzle", "pg", "MySQL"]);
const MIGRATION_PATH = /(^|\/)(migrations?|prisma\/migrations|drizzle|db\/migrate|migrate)\//;
const MIGRATION_TOOLS = new Set(PACKAGES_BY_KIND.get("migrations") ?? []);
const LIBRARIES_NOT_TOOLS = new Set(["knex", "typeorm", "prisma"]);

export const noMigrations = defineRule({
  id: "data/no-migrations",
  category: "data",
  severity: "medium",
  remediationMinutes: 240,
  description: "A SQL database in use with no migration tooling.",
  rationale:
    "Without versioned migrations, schema changes are made by hand, differ between environments, and cannot be reviewed or rolled back.",
  version: 3,
  options: z.strictObject({}),
  messages: {
    none: "The code uses {{library}} ({{path}}), but the repository has no migrations folder and no migration tool: schema changes are made by hand. Add versioned migrations ({{fix}}) and run them in CI/CD.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    const file = frameworksOf(ctx);
    const library = [...file.packages.values()].find((p) => p.kind === "db" && SQL.has(p.name));
    if (!library) return {};
    // Only a file that uses a SQL library is searched for TypeORM's schema sync.
    const sync = /synchronize\s*:\s*true/.test(ctx.text);
    return { "Program:exit": () => ctx.setFact({ library: library.name, sync }) };
  },
  uses: [MANIFEST_FACT],
  analyze(ctx) {
    // Any package.json's tool or migrating script counts, examples' too.
    if (manifestsOf(ctx).some((m) => migrates(m.fact))) return;
    const facts = ctx.factsOf<{ library: string }>("data/no-migrations");
    if (ctx.allPaths.some((p) => MIGRATION_PATH.test(p))) return;
    const use = facts.find((f) => f.fact.library);
    if (!use) return;
    const library = use.fact.library;
    const fix =
      library === "Prisma"
        ? "`prisma migrate dev`"
        : library === "Drizzle"
          ? "drizzle-kit `generate`/`migrate`"
          : library === "Knex"
            ? "`knex migrate:make`"
            : library === "TypeORM"
              ? "`typeorm migration:generate`, and turn off `synchronize`"
              : library === "Sequelize"
                ? "sequelize-cli migrations"
                : "node-pg-migrate, Kysely's Migrator or similar";
    ctx.report({
      messageId: "none",
      data: { library, path: use.path, fix },
      path: use.path,
      startLine: 1,
      key: "migrations",
    });
  },
});

/**
 * A migration tool in the manifest's dependencies, or a script that migrates. knex, typeorm and
 * prisma are installed to run queries or generate a client (`prisma generate`, `db push`) as much
 * as to migrate: they count only with migrations on disk or a script that migrates.
 */
function migrates(manifest: ManifestFact): boolean {
  const tools = manifest.dependencies.filter((d) => MIGRATION_TOOLS.has(d));
  const scripts = Object.values(manifest.scripts).join(" ");
  return tools.some((t) => !LIBRARIES_NOT_TOOLS.has(t)) || /migrat/i.test(scripts);
}
