/**
 * CI configuration: which files are CI, the commands they run (with lines), and whether those
 * commands run the tests or a dependency/security scan. Shared by the CI rules and manual-deploy.
 */
import type { Node } from "yaml";
import type { TextContext } from "../../engine/index.ts";
import { yamlModule } from "../../shared/index.ts";
import { MANIFEST_FACT } from "../collectors/manifest-fact.ts";

/** CI systems by configuration path. The first six are the ones the rules name; the others only count as "CI exists". */
const CI_SYSTEMS: Array<[string, RegExp]> = [
  ["GitHub Actions", /^\.github\/workflows\/[^/]+\.ya?ml$/],
  ["GitLab CI", /(^|\/)\.gitlab-ci\.ya?ml$|^\.gitlab\/ci\/.+\.ya?ml$/],
  ["CircleCI", /^\.circleci\/config\.ya?ml$/],
  ["Jenkins", /(^|\/)(Jenkinsfile(\.[\w-]+)?|[\w-]+\.jenkinsfile)$/],
  [
    "Azure Pipelines",
    /(^|\/)(\.?azure-pipelines?(\.[\w-]+)?\.ya?ml|\.?azure-pipelines\/.+\.ya?ml|\.azuredevops\/.+\.ya?ml)$/,
  ],
  ["Bitbucket Pipelines", /^bitbucket-pipelines\.ya?ml$/],
  ["Travis CI", /^\.travis\.ya?ml$/],
  ["Drone", /^\.drone\.ya?ml$/],
  ["Buildkite", /^\.buildkite\/.+\.ya?ml$/],
  ["Google Cloud Build", /(^|\/)cloudbuild\.(ya?ml|json)$/],
  ["Woodpecker", /^\.woodpecker(\.ya?ml|\/.+\.ya?ml)$/],
  ["AppVeyor", /^\.?appveyor\.ya?ml$/],
  ["Semaphore", /^\.semaphore\/.+\.ya?ml$/],
  ["Codemagic", /^codemagic\.ya?ml$/],
  ["Bitrise", /^bitrise\.ya?ml$/],
  ["AWS CodeBuild", /(^|\/)buildspec\.ya?ml$/],
  ["Tekton", /^\.tekton\/.+\.ya?ml$/],
];

export function ciSystemOf(path: string): string | undefined {
  for (const [name, pattern] of CI_SYSTEMS) if (pattern.test(path)) return name;
  return undefined;
}

/** Dependency-update bots: their configuration counts as a dependency scan. */
export const DEPENDENCY_BOT_FILE =
  /^(\.github\/dependabot\.ya?ml|(\.github\/|\.gitlab\/)?renovate\.json5?|\.renovaterc(\.json5?)?|\.snyk)$/;

/** A command line and where it is. */
export interface Command {
  text: string;
  line: number;
  /** A YAML block scalar (`run: |`): its text starts on the line after `line`. */
  block?: boolean;
}

/** Keys whose values are labels, not commands. */
const LABEL_KEYS = new Set(["name", "displayName", "description", "title", "label", "summary"]);

/**
 * The command-like strings of a CI file, with 1-based lines: for YAML every scalar except labels
 * (so `run:`, `script:`, `uses:`, `include: template:` and orb names all count, and comments
 * never); for a Jenkinsfile each line with its comments removed. Throws on YAML it cannot parse.
 */
export function ciCommands(path: string, text: string): Command[] {
  if (/Jenkinsfile|\.jenkinsfile$/.test(path)) return groovyLines(text);
  const counter = new (yamlModule().LineCounter)();
  const docs = yamlModule().parseAllDocuments(text, { lineCounter: counter });
  if (!Array.isArray(docs)) return [];
  const out: Command[] = [];
  const visit = (node: Node | null | undefined | unknown, key?: string) => {
    if (!node) return;
    if (yamlModule().isScalar(node)) {
      if (typeof node.value === "string" && !(key && LABEL_KEYS.has(key)) && node.range) {
        const command: Command = { text: node.value, line: counter.linePos(node.range[0]).line };
        if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") command.block = true;
        out.push(command);
      }
    } else if (yamlModule().isMap(node)) {
      for (const pair of node.items) {
        if (!yamlModule().isPair(pair)) continue;
        const k = yamlModule().isScalar(pair.key) ? String(pair.key.value) : undefined;
        // A key can be a command too (CircleCI orbs, GitLab job names are labels: skip those).
        if (
          yamlModule().isScalar(pair.key) &&
          typeof pair.key.value === "string" &&
          pair.key.range &&
          /[/@]/.test(pair.key.value)
        )
          out.push({ text: pair.key.value, line: counter.linePos(pair.key.range[0]).line });
        visit(pair.value, k);
      }
    } else if (yamlModule().isSeq(node)) {
      for (const item of node.items) visit(item, key);
    }
  };
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(doc.errors[0]!.message.split("\n")[0]);
    visit(doc.contents);
  }
  return out;
}

/** Lines of a Groovy (or shell) file with `//`, `#` and block comments removed. */
export function groovyLines(text: string, hashComments = false): Command[] {
  const out: Command[] = [];
  const lines = text.split("\n");
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (inBlock) {
      const end = line.indexOf("*/");
      if (end < 0) continue;
      line = line.slice(end + 2);
      inBlock = false;
    }
    line = line.replace(/\/\*.*?\*\//g, "");
    const open = line.indexOf("/*");
    if (open >= 0) {
      line = line.slice(0, open);
      inBlock = true;
    }
    line = line.replace(/(^|\s)\/\/.*$/, "$1");
    if (hashComments) line = line.replace(/(^|\s)#.*$/, "$1");
    if (line.trim()) out.push({ text: line, line: i + 1 });
  }
  return out;
}

/**
 * Commands that run a test suite. Each gap is bounded (200 characters, 20 arguments): unbounded,
 * a 100 KB line of `npm npm npm ...` took 8 s, every `npm` scanning to the line's end.
 */
export const TEST_COMMAND =
  /\b(npm|yarn|pnpm|bun)\b[^\n;&|]{0,200}?\s(run\s+)?test\b|\bnpm\s+(t|cit|it|install-test)\b|\b(vitest|jest|mocha|ava|karma|jasmine|ts-mocha|uvu)\b(?!-)|\bplaywright\s+test\b|\bcypress\s+run\b|cypress-io\/github-action|\bnode\s+(--\S+\s+){0,20}--test\b|\bdeno\s+test\b|\b(nx|turbo|lerna|rush)\b[^\n;&|]{0,200}?\btest\b|\bmake\s+(\S+\s+){0,20}test\b|(^|[\s/])test\.sh\b/;

/** Commands, actions and templates that scan dependencies or code for vulnerabilities. */
export const SCAN_COMMAND =
  /\b(npm|pnpm|bun)\s+audit\b|\byarn\s+(npm\s+)?audit\b|\baudit-ci\b|better-npm-audit|\bosv-scanner\b|google\/osv-scanner|\bsnyk\b|\btrivy\b|\bgrype\b|anchore\/scan-action|codeql|\bgitleaks\b|trufflehog|\bsemgrep\b|\bdebtlens\b|dependency-check|dependency-review-action|\bretire(\.js)?\s+(--|$)|\bnjsscan\b|socketdev|\bsocket\s+(scan|ci)\b|(Security|Jobs)\/(SAST|Dependency-Scanning|Secret-Detection|Container-Scanning)|sonarcloud|sonarqube|sonar-scanner|sonarsource\/|\bcheckov\b|\btfsec\b|\bkics\b|ossf\/scorecard|\bbearer\s+scan\b|horusec|zaproxy|mend\/|whitesource/i;

/** `npm run x`, `yarn x`, `pnpm x`, `bun run x`: the package scripts a command invokes. */
const SCRIPT_CALL =
  /\b(?:npm\s+(?:run(?:-script)?)|pnpm(?:\s+(?:-r|--recursive|--filter\s+\S+))*(?:\s+run)?|yarn(?:\s+workspaces\s+foreach(?:\s+-\S+)*)?(?:\s+run)?|bun\s+run)\s+([\w:.-]+)/g;

export function scriptsCalled(command: string): string[] {
  const out: string[] = [];
  for (const match of command.matchAll(SCRIPT_CALL)) out.push(match[1]!);
  return out;
}

/**
 * Does a command match `pattern`, directly or through the package scripts it runs (followed up
 * to three levels: `npm run ci` -> `"ci": "npm run lint && npm run test:unit"` -> vitest)?
 */
export function runsThrough(
  commands: readonly string[],
  pattern: RegExp,
  scripts: ReadonlyMap<string, readonly string[]>,
): string | undefined {
  let frontier = [...commands];
  const seen = new Set<string>();
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const command of frontier) {
      const match = pattern.exec(command);
      if (match) return match[0].trim();
      for (const name of scriptsCalled(command)) {
        if (seen.has(name)) continue;
        seen.add(name);
        next.push(...(scripts.get(name) ?? []));
      }
    }
    frontier = next;
  }
  return undefined;
}

/** What the CI rules keep of one CI file. */
export interface CiFact {
  kind: "ci";
  system: string;
  /** First command that runs tests / a scan directly, if any. */
  tests?: string;
  scan?: string;
  /** Package scripts the file calls (resolved against package.json in the repository stage). */
  scripts: string[];
}

export function ciFact(path: string, text: string): CiFact {
  const system = ciSystemOf(path)!;
  let commands: Command[];
  try {
    commands = ciCommands(path, text);
  } catch {
    // Broken YAML still says what it runs: read its lines without comments.
    commands = groovyLines(text, true);
  }
  const fact: CiFact = { kind: "ci", system, scripts: [] };
  const scripts = new Set<string>();
  for (const { text: command } of commands) {
    if (!fact.tests) {
      const m = TEST_COMMAND.exec(command);
      if (m) fact.tests = m[0].trim();
    }
    if (!fact.scan) {
      const m = SCAN_COMMAND.exec(command);
      if (m) fact.scan = m[0].trim();
    }
    for (const name of scriptsCalled(command)) scripts.add(name);
  }
  fact.scripts = [...scripts];
  return fact;
}

/** The CI files of the repository with their facts, and what they run once package scripts are followed. */
export function ciState(
  ctx: { factsOf<T>(ruleId: string): Array<{ path: string; fact: T }> },
  ruleId: string,
  scripts: ReadonlyMap<string, readonly string[]>,
): {
  files: Array<{ path: string; fact: CiFact }>;
  tests?: { path: string; command: string };
  scan?: { path: string; command: string };
} {
  const files = ctx
    .factsOf<{ kind: string }>(ruleId)
    .filter((f): f is { path: string; fact: CiFact } => f.fact.kind === "ci")
    .sort((a, b) => a.path.localeCompare(b.path));
  const state: ReturnType<typeof ciState> = { files };
  for (const { path, fact } of files) {
    const tests =
      fact.tests ??
      runsThrough(
        fact.scripts.map((s) => `npm run ${s}`),
        TEST_COMMAND,
        scripts,
      );
    if (tests && !state.tests) state.tests = { path, command: tests };
    const scan =
      fact.scan ??
      runsThrough(
        fact.scripts.map((s) => `npm run ${s}`),
        SCAN_COMMAND,
        scripts,
      );
    if (scan && !state.scan) state.scan = { path, command: scan };
  }
  return state;
}

/**
 * The part the CI rules share: each CI file's jobs, stored as the rule's own facts so that every
 * rule works with the others switched off, and the manifests' scripts from the collector.
 */
export const ciFacts = {
  uses: [MANIFEST_FACT],
  textFiles: (path: string) => ciSystemOf(path) !== undefined,
  checkText(ctx: TextContext<unknown>) {
    ctx.setFact(ciFact(ctx.path, ctx.text));
  },
};
