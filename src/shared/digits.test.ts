import { describe, expect, it } from "vitest";
import { withThousands } from "./digits.ts";

describe("withThousands", () => {
  it.each([
    0, 7, 999, 1000, 1400, 12345, 123456, 1234567, 1400.5, 2.25, 1234.5678, -1234, -0.5, 1e9,
  ])("writes %d as toLocaleString('en-US') does", (value) =>
    expect(withThousands(value)).toBe(value.toLocaleString("en-US")),
  );
});
