import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "architecture/self-http-jobs";

describe(id, () => {
  it("fires on a job runner that posts to the app itself, waits and swallows the errors", () => {
    const found = hits(id, {
      "src/jobs/runner.ts": `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function runDefault(job: { id: string }) {
  fetch(\`http://localhost:\${process.env.PORT}/api/jobs/\${job.id}/run\`, { method: "POST" }).catch(() => {});
  await sleep(150);
}
`,
      "src/jobs/reports.ts": `import axios from "axios";
export async function buildReport(id: string) {
  try {
    await axios.post(\`\${process.env.APP_URL}/api/tasks/render-report/\${id}\`);
  } catch {}
}
export function kick(id: string) {
  fetch(\`\${process.env.NEXTAUTH_URL}/api/cron/\${id}\`);
}
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "src/jobs/reports.ts:4",
      "src/jobs/reports.ts:8",
      "src/jobs/runner.ts:3",
    ]);
    expect(found.find((h) => h.path === "src/jobs/runner.ts")!.message).toMatch(
      /^This runs background work by calling the application's own HTTP API \(`http:\/\/localhost:.*\) and drops its errors \(`\.catch` that does nothing\)/,
    );
    expect(found[1]!.message).toMatch(/never waits for the answer \(fire and forget\)/);
  });

  it("does not fire on calls to other services, awaited calls that handle errors, or tests", () => {
    expect(
      places(id, {
        "src/billing.ts": `export async function charge() {
  fetch("https://api.stripe.com/v1/charges", { method: "POST" }).catch(() => {});
}
`,
        "src/jobs/run.ts": `export async function run(id: string) {
  const res = await fetch(\`http://localhost:3000/api/jobs/\${id}\`);
  if (!res.ok) throw new Error(\`job \${id} failed: \${res.status}\`);
  return fetch(\`http://localhost:3000/api/jobs/\${id}/done\`).catch((e) => { throw new JobError(e); });
}
`,
        "src/jobs/run.test.ts": `fetch("http://localhost:3000/api/jobs/1").catch(() => {});\n`,
        "src/agent/cancel.ts": `export async function cancel(id: number) {
  try {
    await axios.post(\`http://localhost:9119/cancel/\${id}\`);
  } catch {}
}
`,
      }),
    ).toEqual([]);
  });
});
