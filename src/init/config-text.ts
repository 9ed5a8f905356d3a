import type { Config } from "../config/index.ts";
import type { ProjectFacts } from "./detect.ts";

/**
 * The configuration `debtlens init` writes: JSON with comments (the loader reads them), each
 * setting with what it means and where its value came from, so that a team can adjust it.
 */
export function configText(facts: ProjectFacts, defaults: Config, today: string): string {
  const { scoring, team } = defaults;
  const frameworks = Object.values(facts.frameworks).flat();
  const lines = [
    "{",
    '  "$schema": "./node_modules/debtlens/schemas/config.schema.json",',
    `  // Written by \`debtlens init\` on ${today}. Run it again to see what changed; it never`,
    "  // overwrites this file (--force does). Every key: docs in the debtlens README.",
    `  // Found: ${facts.files} audited files; frameworks and libraries: ${frameworks.join(", ") || "none known"};`,
    `  // CI: ${facts.ci.join(", ") || "none found"}; CODEOWNERS: ${facts.owners.slice(0, 6).join(", ") || "none"}.`,
    '  "scoring": {',
    "    // What one engineering hour costs the company, fully loaded (salary, taxes, tools,",
    "    // office). Every money figure is hours x this.",
    `    "hourlyCost": ${scoring.hourlyCost},`,
    "    // The cost of one security incident (response, downtime, customers, fines): the",
    "    // expected-loss interest of security and infrastructure items is likelihood x this.",
    `    "incidentCost": ${scoring.incidentCost}`,
    "  },",
    '  "team": {',
    ...teamLines(facts),
    "    // Working hours an engineer spends on this code in a year (default 1,400).",
    `    "hoursPerYear": ${team.hoursPerYear}`,
    "  },",
    '  "scopes": {',
    ...scopeLines(facts),
    "  }",
    "}",
  ];
  return `${lines.join("\n")}\n`;
}

function teamLines(facts: ProjectFacts): string[] {
  const team = facts.team;
  if (team?.source === "git")
    return [
      `    // Measured from git: ${team.engineers} full-time engineers (${team.authors ?? "?"} authors, each counted by`,
      "    // the weeks they committed in, bots left out). Interest never exceeds this team's",
      "    // time. Set `size` if the measure is wrong (part-timers, work outside this repository).",
      `    // "size": ${team.engineers},`,
    ];
  return [
    "    // No git history to measure the team from: set how many full-time engineers work on",
    "    // this code. Interest never exceeds their time.",
    `    "size": ${team?.engineers ?? 5},`,
  ];
}

function scopeLines(facts: ProjectFacts): string[] {
  const lines = [
    "    // Only production code counts in the totals, the rating and the gate; these scopes are",
    "    // reported apart. Detected (nothing to list here):",
  ];
  const entries = Object.entries(facts.scopes);
  if (entries.length === 0) lines.push("    //   no file outside production");
  for (const [scope, folders] of entries)
    lines.push(`    //   ${scope}: ${folders.map((f) => `${f.folder}/ (${f.files})`).join(", ")}`);
  lines.push(
    "    // Add globs for what detection missed, e.g. a vendored library kept in the sources:",
    '    // "vendored": ["public/lib/**"], "test": ["qa/**"]',
  );
  return lines;
}
