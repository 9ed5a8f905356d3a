import { ASSUMED_TEAM_SIZE, type Config } from "../../config/index.ts";
import { PACKAGES, packageOf } from "../../frameworks/index.ts";
import { MODULE_FACT, runtimeEdges, type ModuleFact, type ModuleGraph } from "../../graph/index.ts";
import { fileHours, measureTeam, type RepositoryHistory } from "../../history/index.ts";
import { withThousands } from "../../shared/index.ts";

/**
 * Next.js serves requests from route files (`app/.../route.ts`, `pages/api/...`) and server
 * actions; every page imports `next/...`, so the package alone does not say a file serves HTTP.
 */
const NEXT_ROUTE_FILE = /(^|\/)(app\/(.+\/)?route|pages\/api\/.+)\.[cm]?[jt]sx?$/;

/** Whether a file declares routes: it imports an HTTP framework (installed or not), or is a Next.js route file. */
function servesRequests(path: string, fact: ModuleFact | undefined): boolean {
  if (NEXT_ROUTE_FILE.test(path)) return true;
  return (fact?.imports ?? []).some((imp) => {
    const name = packageOf(imp.s);
    return name !== "next" && PACKAGES.get(name ?? "")?.kind === "http-framework";
  });
}

/**
 * The files a request can reach: those that declare routes with an HTTP framework (Express,
 * Fastify, Koa, Hono, Nest; Next.js route files) and everything they import at run time,
 * transitively. One pass over the graph (O(files + imports)). A vulnerability there is reachable
 * from untrusted input, so its likelihood is raised (ADR 0009).
 */
export function requestReachable(
  graph: ModuleGraph,
  results: ReadonlyArray<{ path: string; facts: Record<string, unknown> }>,
): Set<string> {
  const seen = new Uint8Array(graph.files.length);
  const stack: number[] = [];
  for (const result of results) {
    const v = graph.index.get(result.path);
    if (v === undefined || seen[v]) continue;
    if (!servesRequests(result.path, result.facts[MODULE_FACT] as ModuleFact | undefined)) continue;
    seen[v] = 1;
    stack.push(v);
  }
  while (stack.length) {
    const v = stack.pop()!;
    for (const e of graph.out[v]!) {
      const edge = graph.edges[e]!;
      if (!runtimeEdges(edge.kind) || seen[edge.to]) continue;
      seen[edge.to] = 1;
      stack.push(edge.to);
    }
  }
  const reachable = new Set<string>();
  for (let v = 0; v < graph.files.length; v++) if (seen[v]) reachable.add(graph.files[v]!);
  return reachable;
}

export interface TeamHours {
  /** Where the team's size comes from. */
  source: "git" | "configured" | "assumed";
  /** Full-time engineers: configured, measured, or assumed. */
  engineers: number;
  hoursPerYear: number;
  /** The team's yearly engineering hours: engineers x hours per engineer-year. */
  hours: number;
  /** Measured from history (absent without it). */
  authors?: number;
  bots?: number;
  /** Each file's yearly hours by its share of the changed lines (with history only). */
  files?: Map<string, number>;
  /** One sentence for the report's notes: where the hours come from. */
  note: string;
}

/**
 * The team's yearly hours: `team.size` when configured, else the engineers history measures
 * (active weeks / 46 each, bots left out), else an assumed team; times `team.hoursPerYear`.
 */
export function teamHours(config: Config, history: RepositoryHistory | undefined): TeamHours {
  const { hoursPerYear, size } = config.team;
  const rate = `${withThousands(hoursPerYear)} hours per engineer-year (team.hoursPerYear)`;
  if (!history) {
    const engineers = size ?? ASSUMED_TEAM_SIZE;
    const hours = engineers * hoursPerYear;
    return {
      source: size === undefined ? "assumed" : "configured",
      engineers,
      hoursPerYear,
      hours,
      note: `Without history, each file's yearly hours are assumed (scoring.defaultChangesPerYear x scoring.hoursPerChange), bounded by a ${size === undefined ? "assumed" : "configured"} team of ${engineers} x ${rate}.`,
    };
  }
  const team = measureTeam(history);
  const engineers = size ?? team.engineers;
  const hours = Math.round(engineers * hoursPerYear * 100) / 100;
  const measured = `${team.authors} authors in the window (${team.bots} bots left out), ${team.engineers} full-time engineers by active weeks`;
  const split =
    team.changedLines > 0
      ? `split among files by their share of the ${withThousands(team.changedLines)} lines changed`
      : "split among files by their share of the window's commits (git gave no line counts)";
  return {
    source: size === undefined ? "git" : "configured",
    engineers,
    hoursPerYear,
    hours,
    authors: team.authors,
    bots: team.bots,
    files: fileHours(history, hours, team),
    note:
      size === undefined
        ? `Change-cost interest shares the team's measured time: ${measured}, x ${rate} = ${withThousands(Math.round(hours))} hours a year, ${split}.`
        : `Change-cost interest shares the configured team's time: team.size ${size} x ${rate} = ${withThousands(Math.round(hours))} hours a year (history measured ${measured}), ${split}.`,
  };
}
