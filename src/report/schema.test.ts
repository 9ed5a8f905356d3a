import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCHEMA_FILES, schemaText } from "./write-schemas.ts";

describe("published JSON Schemas", () => {
  it.each(Object.entries(SCHEMA_FILES))(
    "schemas/%s is up to date (run `npm run schemas` after changing a zod schema)",
    (name, make) => {
      const committed = readFileSync(
        join(import.meta.dirname, "..", "..", "schemas", name),
        "utf8",
      );
      expect(committed).toBe(schemaText(make));
    },
  );
});
