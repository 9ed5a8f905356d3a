import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { generatedNodes, reachable, runtimeEdges, type ModuleGraph } from "../../graph/index.ts";
import { dirOf, isTestFile, isTestOrFixtureFile } from "../../shared/index.ts";

const NOT_SOURCE =
  /\.d\.[cm]?ts$|\.json$|(^|\/)[^/]+\.config\.[cm]?[jt]s$|(^|\/)(scripts|migrations|seeds?|fixtures|__fixtures__|bench)\//;

/** Browser and HTTP end-to-end suites: they drive the running application, not its modules. */
const END_TO_END = /(^|\/)(cypress|playwright|e2e)\/|\.(cy|e2e)\.[cm]?[jt]sx?$/;

/** The URL paths an end-to-end test visits: `cy.visit("/login")`, `page.goto("/settings")`. */
interface VisitFact {
  visits: string[];
}

/** Where end-to-end tests live: their visits are what a browser suite exercises. */
const END_TO_END_FILE = /(^|\/)(cypress|playwright|e2e)\/|\.(cy|e2e|spec|test)\.[cm]?[jt]sx?$/;

/** Segments of a route file's path that are not part of its URL (route groups, private folders, special file names). */
const NOT_URL = /^(\(.*\)|_.*|\+.*|page|index|route|layout|template|loading|error|default|server)$/;

/** A route module's URL pattern from its path under pages/, app/ or routes/ (`app/(main)/users/[id]/page.tsx` is `users/*`). */
function routeOf(path: string): string | undefined {
  const m = /(?:^|\/)(?:pages|app|routes)\/(.*)$/.exec(path);
  if (!m) return undefined;
  return m[1]!
    .replace(/\.[cm]?[jt]sx?$/, "")
    .split("/")
    .filter((s) => !NOT_URL.test(s))
    .map((s) => (/^(\[.*\]|\$.*|:.*)$/.test(s) ? "*" : s))
    .join("/");
}

/** Whether a route serves a visited path: `users/*` serves `/users/42`, a layout serves what is under it. */
function serves(route: string, visit: string): boolean {
  const want = visit
    .replace(/[?#].*$/, "")
    .split("/")
    .filter(Boolean);
  const have = route.split("/").filter(Boolean);
  return have.length <= want.length && have.every((s, i) => s === "*" || s === want[i]);
}

/** What end-to-end tests exercise: the route modules serving the paths they visit, and what those import. */
function exercisedByVisits(graph: ModuleGraph, visits: readonly string[]): Uint8Array | undefined {
  if (visits.length === 0) return undefined;
  const routes: number[] = [];
  graph.files.forEach((path, v) => {
    const route = isTestOrFixtureFile(path) ? undefined : routeOf(path);
    if (route !== undefined && visits.some((visit) => serves(route, visit))) routes.push(v);
  });
  return reachable(graph, routes, runtimeEdges);
}

export const untestedModule = defineRule({
  id: "quality/untested-module",
  riskBump: { bump: "untested", on: "path" },
  category: "quality",
  severity: "low",
  remediationMinutes: 120,
  description:
    "Source modules that no test reaches, or below the coverage threshold when a coverage report is given.",
  rationale:
    "Code no test exercises breaks silently: every change to it is a bet, and refactoring it is slow because nothing tells you what you broke.",
  version: 2,
  options: z.strictObject({
    /** Line coverage (percent) below which a module is reported when --coverage is given. */
    minCoverage: z.number().min(0).max(100).default(60),
  }),
  messages: {
    unreached:
      "No test reaches {{path}} by imports: no test file imports it, directly or through other modules{{visits}}. Judged by imports, not by coverage (pass --coverage for line coverage). Add tests for its behaviour.",
    noTests:
      "None of the {{count}} source modules is reached by a test file: the project has no tests the module graph can see. Start with tests for the modules that change most.",
    coverage:
      "{{path}} has {{pct}}% line coverage ({{hit}} of {{found}} lines), below the {{min}}% threshold. Add tests for its untested branches.",
    notCovered:
      "{{path}} does not appear in the coverage report {{source}}: no test loaded it. Add tests that import it.",
    endToEnd:
      "{{count}} source modules are imported by no unit test, and the end-to-end suites ({{suites}}) exercise the application from outside, which imports cannot show. Collect coverage from the end-to-end run and pass it with --coverage to find the modules no test exercises.",
  },
  create(ctx): NodeHandlers {
    if (!END_TO_END_FILE.test(ctx.path) && !isTestFile(ctx.path)) return {};
    const visits: string[] = [];
    return {
      CallExpression(node: AstNode) {
        const callee = node.callee as AstNode;
        if (callee.type !== "MemberExpression") return;
        const name = (callee.property as AstNode).name;
        if (name !== "visit" && name !== "goto") return;
        const arg = (node.arguments as AstNode[])[0];
        const literal =
          arg && /^\s*["'`]([^"'`$]*)["'`]\s*$/.exec(ctx.text.slice(arg.start, arg.end));
        if (literal) visits.push(literal[1]!.replace(/^https?:\/\/[^/]+/, "") || "/");
      },
      "Program:exit"() {
        if (visits.length) ctx.setFact({ visits } satisfies VisitFact);
      },
    };
  },
  analyze(ctx) {
    const graph = ctx.graph;
    if (!graph) return;
    const generated = generatedNodes(graph);
    // Tests are entries, never subjects; only production code needs tests (docs/scopes.md).
    const isTest = (path: string) => isTestFile(path) || ctx.scopeOf(path) === "test";
    const sources = graph.files
      .map((path, v) => ({ path, v }))
      .filter(
        ({ path, v }) =>
          ctx.scopeOf(path) === "production" &&
          !isTest(path) &&
          !NOT_SOURCE.test(path) &&
          !generated(v),
      );
    const coverage = graph.coverage;
    if (coverage && !coverage.problem) {
      const byPath = new Map(coverage.files.map((f) => [f.path, f]));
      for (const { path } of sources) {
        const file = byPath.get(path);
        if (!file) {
          ctx.report({
            messageId: "notCovered",
            data: { path, source: coverage.source },
            path,
            startLine: 1,
            key: "coverage",
            evidence: { coverage: 0 },
          });
        } else if (file.pct < ctx.options.minCoverage) {
          ctx.report({
            messageId: "coverage",
            data: {
              path,
              pct: file.pct,
              hit: file.linesHit,
              found: file.linesFound,
              min: ctx.options.minCoverage,
            },
            path,
            startLine: 1,
            key: "coverage",
            evidence: { coverage: file.pct },
          });
        }
      }
      return;
    }
    const tests = graph.files.map((path, v) => (isTest(path) ? v : -1)).filter((v) => v >= 0);
    if (tests.length === 0) {
      if (sources.length)
        ctx.report({
          messageId: "noTests",
          data: { count: sources.length },
          key: "no-tests",
          remediationMinutes: 120 + 30 * Math.min(sources.length, 40),
        });
      return;
    }
    const seen = reachable(graph, tests, runtimeEdges);
    const visits = ctx.factsOf<VisitFact>("quality/untested-module").flatMap((f) => f.fact.visits);
    const visited = exercisedByVisits(graph, visits);
    const unreached = sources.filter(({ v }) => !seen[v] && !visited?.[v]);
    // End-to-end suites that import no source module and visit no route debtlens can match drive
    // the running application: the modules they exercise cannot be told from the imports. One
    // item says how to find out, instead of one item per module priced as if nothing tested it.
    const endToEnd = tests.filter((v) => END_TO_END.test(graph.files[v]!));
    const anyVisited = !!visited && sources.some(({ v }) => visited[v]);
    if (endToEnd.length > 0 && unreached.length > 0 && !anyVisited) {
      const fromEndToEnd = reachable(graph, endToEnd, runtimeEdges);
      if (!sources.some(({ v }) => fromEndToEnd[v])) {
        const files = endToEnd.map((v) => graph.files[v]!).sort();
        const suites = [...new Set(files.map(dirOf))];
        ctx.report({
          messageId: "endToEnd",
          data: {
            count: unreached.length,
            suites: `${suites.slice(0, 3).join(", ")}${suites.length > 3 ? ", ..." : ""}`,
          },
          path: files[0]!,
          startLine: 1,
          key: "end-to-end",
          evidence: { modules: unreached.length, suites: suites.length },
        });
        return;
      }
    }
    for (const { path } of unreached)
      ctx.report({
        messageId: "unreached",
        data: {
          path,
          visits: visits.length ? ", and no end-to-end test visits a route that reaches it" : "",
        },
        path,
        startLine: 1,
        key: "tests",
        // Judged by imports, not by coverage: a lower confidence, so a lower severity.
        severity: "info",
        evidence: { judgedBy: "imports" },
      });
  },
});
