import { runAudit } from "../../audit/index.ts";
import { configSchema } from "../../config/index.ts";
import type { AuditReport } from "../../report/index.ts";
import { type GitRepo, lines } from "./git-repo.ts";

const ann = { name: "Ann", email: "ann@example.com" };
const bob = { name: "Bob", email: "bob@example.com" };

/** A function with cyclomatic complexity 13, so quality/complex-function fires and health drops. */
const complex = `export function route(a: number): number {
  if (a === 1) return 1;
  if (a === 2) return 2;
  if (a === 3) return 3;
  if (a === 4) return 4;
  if (a === 5) return 5;
  if (a === 6) return 6;
  if (a === 7) return 7;
  if (a === 8) return 8;
  if (a === 9) return 9;
  if (a === 10) return 10;
  if (a === 11) return 11;
  if (a === 12) return 12;
  return 0;
}
`;

/**
 * Bob wrote src/db and left; Ann changes src/api/handler.ts (complex) with src/db/store.ts five
 * times in the window and the handler once more: a hotspot, a coupled pair and a silo.
 */
export async function auditScriptedRepository(repo: GitRepo): Promise<AuditReport> {
  let handler = complex;
  let store = lines("s", 250);
  repo.commit(bob, "2023-01-01T12:00:00Z", {
    "src/db/store.ts": store,
    "src/db/query.ts": lines("q", 30),
  });
  repo.commit(ann, "2023-02-01T12:00:00Z", { "src/api/handler.ts": handler });
  repo.commit(bob, "2024-07-01T12:00:00Z", { "src/db/query.ts": lines("q", 31) });
  for (const [i, month] of ["08", "09", "10", "11", "12"].entries()) {
    handler += `export const h${i} = ${i};\n`;
    store += `export const t${i} = ${i};\n`;
    repo.commit(ann, `2024-${month}-01T12:00:00Z`, {
      "src/api/handler.ts": handler,
      "src/db/store.ts": store,
    });
  }
  handler += "export const last = 1;\n";
  repo.commit(ann, "2025-06-01T12:00:00Z", { "src/api/handler.ts": handler });
  const config = configSchema.parse({ cache: { enabled: false }, workers: 0 });
  return runAudit({ root: repo.dir, config });
}
