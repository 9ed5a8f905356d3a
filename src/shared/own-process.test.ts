import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { forkOwnModule } from "./own-process.ts";

describe("forkOwnModule", () => {
  it("refuses a module outside debtlens's own package", () => {
    expect(() => forkOwnModule(pathToFileURL("/tmp/elsewhere.js"), {})).toThrow(
      /not one of debtlens's own modules/,
    );
  });
});
