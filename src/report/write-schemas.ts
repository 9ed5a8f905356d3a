// `npm run schemas`: writes the published JSON Schemas (report and configuration) from the zod
// schemas they are generated from. A test fails when a committed file is out of date.
// schemas/report-v1.schema.json is no longer written: it stays as v1 was published, for reference.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { configJsonSchema } from "../config/index.ts";
import { reportJsonSchema } from "./schema.ts";

export const SCHEMA_FILES = {
  "report-v2.schema.json": reportJsonSchema,
  "config.schema.json": configJsonSchema,
} as const;

export function schemaText(make: () => unknown): string {
  return `${JSON.stringify(make(), null, 2)}\n`;
}

if (import.meta.main) {
  const dir = join(import.meta.dirname, "..", "..", "schemas");
  for (const [name, make] of Object.entries(SCHEMA_FILES))
    writeFileSync(join(dir, name), schemaText(make));
  console.log(`wrote ${Object.keys(SCHEMA_FILES).join(", ")} to schemas/`);
}
