import { z } from "zod";
import { defineRule, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";

/** Caches and embedded stores are not primary datastores. */
const NOT_PRIMARY = new Set(["Redis", "SQLite"]);
/** ORMs over the same SQL database count as one datastore family. */
const FAMILY: Record<string, string> = {
  Prisma: "SQL",
  TypeORM: "SQL",
  Sequelize: "SQL",
  Knex: "SQL",
  Kysely: "SQL",
  Drizzle: "SQL",
  pg: "SQL",
  MySQL: "SQL",
  Mongoose: "MongoDB",
  MongoDB: "MongoDB",
  Firestore: "Firestore",
};

export const multipleDatastores = defineRule({
  id: "architecture/multiple-datastores",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 960,
  description:
    "More than one primary database family in use (e.g. SQL and MongoDB) in the same application (package).",
  rationale:
    "Two primary stores mean two sources of truth to keep consistent, two backup and migration stories and data that drifts apart.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    many: "This code base writes to {{count}} primary datastores ({{stores}}). Check that they do not hold overlapping data; make one the source of truth and sync the other from it (or merge them).",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    const file = frameworksOf(ctx);
    if (!file.kinds.has("db")) return {};
    const stores = [...file.packages.values()]
      .filter((p) => p.kind === "db" && !NOT_PRIMARY.has(p.name))
      .map((p) => `${FAMILY[p.name] ?? p.name}:${p.name}`);
    return stores.length ? { "Program:exit": () => ctx.setFact(stores) } : {};
  },
  analyze(ctx) {
    // One application is one package: in a monorepo each service may own its store.
    const packageDirs = ctx.allPaths
      .filter((p) => /(^|\/)package\.json$/.test(p) && !p.includes("node_modules/"))
      .map((p) => p.slice(0, p.length - "package.json".length))
      .sort((a, b) => b.length - a.length);
    const packageOf = (path: string) => packageDirs.find((dir) => path.startsWith(dir)) ?? "";
    const byPackage = new Map<string, Map<string, { libraries: Set<string>; paths: string[] }>>();
    for (const { path, fact } of ctx.factsOf<string[]>("architecture/multiple-datastores")) {
      const dir = packageOf(path);
      const byFamily =
        byPackage.get(dir) ?? new Map<string, { libraries: Set<string>; paths: string[] }>();
      byPackage.set(dir, byFamily);
      for (const entry of fact) {
        const [family, library] = entry.split(":") as [string, string];
        const item = byFamily.get(family) ?? { libraries: new Set<string>(), paths: [] };
        item.libraries.add(library);
        item.paths.push(path);
        byFamily.set(family, item);
      }
    }
    for (const [dir, byFamily] of byPackage) {
      if (byFamily.size < 2) continue;
      const families = [...byFamily.entries()].sort(([a], [b]) => a.localeCompare(b));
      ctx.report({
        messageId: "many",
        data: {
          count: families.length,
          stores: families
            .map(([family, v]) => `${family} via ${[...v.libraries].join("/")} in ${v.paths[0]}`)
            .join("; "),
        },
        path: families[0]![1].paths[0]!,
        startLine: 1,
        key: `${dir}${families.map(([f]) => f).join("+")}`,
        places: families.map(([, v]) => ({ path: v.paths[0]!, startLine: 1, endLine: 1 })),
        evidence: { datastores: families.length },
      });
    }
  },
});
