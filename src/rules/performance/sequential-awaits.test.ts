import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "performance/sequential-awaits";

describe(id, () => {
  it("fires on runs of independent awaited declarations", async () => {
    const found = hits(id, {
      "a.ts": `export async function dashboard(userId: string) {
  const user = await getUser(userId);
  const orders = await getOrders(userId);
  const { total } = await getStats(userId);
  return { user, orders, total };
}
export const b = async () => {
  const [a] = await listA();
  const c = await listC();
  return [a, c];
};
`,
      "c.js": `async function load() {\n  const x = await fetch("/x");\n  const y = await fetch("/y");\n  return x + y;\n}\n`,
    });
    expect(found.map((h) => [h.path, h.line, h.endLine])).toEqual([
      ["a.ts", 2, 4],
      ["a.ts", 8, 9],
      ["c.js", 2, 3],
    ]);
    expect(found[0]!.message).toBe(
      "These 3 awaits (user, orders, total) do not depend on each other but run one after the other. Start them together: `const [user, orders, { total }] = await Promise.all([...])`.",
    );
  });
  it("does not fire when the second await uses the first, on a single await, or with a statement between", async () => {
    expect(
      places(id, {
        "a.ts": `export async function f(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(user.id);
  return orders;
}
export async function g() { const one = await only(); return one; }
export async function k(subtle) {
  const { d, ...jwk } = await subtle.exportKey("jwk", key);
  const pub = await subtle.importKey("jwk", jwk);
  return [d, pub];
}
export async function h() {
  const a = await first();
  log(a);
  const b = await second();
  return b;
}
`,
      }),
    ).toEqual([]);
  });
});
