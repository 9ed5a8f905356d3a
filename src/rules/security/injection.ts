import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import {
  calleeName,
  DB_HANDLE_NAME,
  frameworksOf,
  mergeHandlers,
  rootName,
  type FileFrameworks,
} from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";
import { FlowRecorder, readsRequest, reportFlows, type FlowFact } from "./flow.ts";
import { boundNames, describeOrigin, requestInputOf } from "./request-input.ts";

/** SQL text, recognised by its clauses (`select` to `from` bounded: linear time on any string). */
const SQL =
  /\b(select\b[\s\S]{0,500}?\bfrom|insert\s+into|update\s+[\w".`?]+\s+set|delete\s+from|where\b|order\s+by|values\s*\(|create\s+table|drop\s+table|alter\s+table)\b/i;
/** Query methods whose names alone say they take raw SQL. */
const RAW_METHODS = new Set([
  "$queryRawUnsafe",
  "$executeRawUnsafe",
  "whereRaw",
  "havingRaw",
  "orderByRaw",
  "joinRaw",
  "fromRaw",
  "groupByRaw",
]);
/** Query methods that take SQL when called on a database handle. */
const HANDLE_METHODS = new Set(["query", "raw", "execute", "unsafe", "exec", "prepare", "sql"]);
const SHELL_FUNCTIONS = new Set(["exec", "execSync"]);
const CHILD_PROCESS = /^(node:)?child_process$/;
/** Values that are safe inside SQL or a command: constants, numbers, escaping and placeholder helpers. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
const SAFE_CALL =
  /^(escape|escapeId|escapeIdentifier|escapeLiteral|format|quote|quoteIdent|quoteLiteral|Number|parseInt|parseFloat|toFixed)$/;
const PLACEHOLDER_NAME = /placeholder|questionMarks|^marks$|^params?List$/i;
/** Scripts and tool configuration run by developers, not by a service on its input. */
const TOOLING = /(^|\/)(scripts?|tools|bin)\/|\.config\.[cm]?[jt]s$/;

interface Built {
  /** The text of the fixed parts, to tell SQL from other strings. */
  literal: string;
}

/** Text without which a file holds no sink of this rule. */
const SINK_TEXT =
  /child_process|\beval\b|\bFunction\s*\(|\.(query|raw|execute|unsafe|exec|prepare|sql)\b|Raw(Unsafe)?\b|\bvm2?\b|safe-eval|notevil|static-eval/;
/** What any SINK_TEXT match contains, as plain text: a fast test before the regex. */
const SINK_PIECES =
  /child_process|eval|Function|\.query|\.raw|\.exec|\.unsafe|\.prepare|\.sql|Raw|vm|safe-eval|notevil|static-eval/;
/** Migrations and seeds run once, by the team, on data the team wrote: at most advice. */
const MIGRATION = /(^|\/)(migrations?|seeds?|seeders)\//;
const VM_FUNCTIONS = new Set([
  "runInNewContext",
  "runInContext",
  "runInThisContext",
  "compileFunction",
]);
const VM_MODULE = /^(node:)?vm$/;

export const injection = defineRule({
  id: "security/injection",
  category: "security",
  severity: "critical",
  remediationMinutes: 60,
  description:
    "SQL, shell commands or code (eval, new Function, vm, vm2, safe-eval) built from request input; the same built from values computed in code, as advice.",
  rationale:
    "When input becomes part of a query or a command, an attacker writes the query: data is read, changed or deleted, or commands run on the server.",
  version: 4,
  options: z.strictObject({}),
  messages: {
    sql: "SQL built from {{how}} reaches {{call}}{{via}}: input that contains a quote rewrites the query. Pass values as parameters ($1 / ?) or use a tagged template (sql`...`, prisma.$queryRaw`...`).",
    code: "{{call}} runs code built from {{how}}{{via}}: input that reaches it runs with the server's rights (a vm context or a sandbox library is no security boundary). Replace it with a lookup table, JSON.parse or a real parser.",
    shell:
      "{{call}} runs a shell command built from {{how}}{{via}}: input with `;`, `|` or `$()` runs its own commands. Use execFile/spawn with an argument array and no shell.",
    computed:
      "{{call}} takes {{what}} built by {{how}} from values computed in code, not from input: not an injection today, one refactor away from one. Prefer the parameterised form: {{fix}}.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path) || TOOLING.test(ctx.path)) return {};
    // Following values to their source costs a scope per function: only files that can hold a
    // sink (the gate is loose enough for an aliased `exec`, `knex.whereRaw(`, `db.query<Row>(`)
    // or that feed request input to another file's function are traversed.
    const sinks = SINK_PIECES.test(ctx.code) && SINK_TEXT.test(ctx.code);
    if (!sinks && !readsRequest(ctx.code)) return {};
    const file = frameworksOf(ctx);
    const strings = new BuiltStrings(ctx.text);
    const { input, handlers: inputHandlers } = requestInputOf(ctx);
    const flow = new FlowRecorder(ctx);
    const migration = MIGRATION.test(ctx.path);
    // A sandbox module or a browser worker evaluates its users' scripts by design, isolated from
    // the server: its code sinks are judged as a vm's (reported when a route feeds them)
    // (asked only when a code sink is met: most files have none).
    let isolated: boolean | undefined;
    const isIsolated = () => (isolated ??= inSandboxFolder(ctx.path) || WORKER_TEXT.test(ctx.text));
    const sandboxes = new Set<string>();
    const callText = (node: AstNode) => {
      const callee = node.callee as AstNode;
      return ctx.text.slice(callee.start, Math.min(callee.end, callee.start + 60));
    };
    /** Reports a sink by where its value comes from: input, a parameter (decided across files), or code. */
    const sink = (node: AstNode, value: AstNode, sinkKind: Kind, call: string, how?: string) => {
      const kind: Kind = sinkKind === "code" && isIsolated() ? "vm" : sinkKind;
      const origin = migration ? undefined : input.origin(value);
      const by = how ? ` by ${how}` : "";
      if (origin?.kind === "request")
        ctx.report({
          messageId: kind === "vm" ? "code" : kind,
          data: { call, how: `${describeOrigin(origin)}${by}`, via: "" },
          node,
        });
      else if (origin?.kind === "parameter")
        flow.addSink(node, origin, kind, { call, how: `${describeOrigin(origin)}${by}` });
      else if (kind !== "vm")
        ctx.report({
          messageId: "computed",
          data: {
            call,
            how: how ?? "a value computed at run time",
            what: WHAT[kind],
            fix: FIX[kind],
          },
          node,
          severity: "low",
        });
    };

    return mergeHandlers(inputHandlers, {
      VariableDeclarator: (node) => {
        strings.noteDeclarator(node);
        if (newSandbox(node.init as AstNode | null, file.bindings))
          for (const name of boundNames(node.id as AstNode)) sandboxes.add(name);
      },
      AssignmentExpression: (node) => strings.noteAppend(node),
      NewExpression(node) {
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (callee.type === "Identifier" && callee.name === "Function") {
          const code = args.find((a) => !strings.safe(a));
          if (code) sink(node, code, "code", "new Function");
        } else if (isVm(callee, file.bindings, "Script") && args[0] && !strings.safe(args[0]))
          sink(node, args[0], "vm", "new vm.Script");
      },
      CallExpression(node) {
        flow.noteCall(node, input);
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (
          callee.type === "Identifier" &&
          (callee.name === "eval" || callee.name === "Function")
        ) {
          const code = args.find((a) => !strings.safe(a));
          if (code) sink(node, code, "code", callee.name as string);
          return;
        }
        if (sandboxCall(node, file.bindings, sandboxes)) {
          if (args[0] && !strings.safe(args[0])) sink(node, args[0], "vm", callText(node));
          return;
        }
        if (isShellExec(callee, file.bindings)) {
          const command = strings.builtString(args[0]);
          if (command) sink(node, args[0]!, "shell", callText(node), command.how);
          return;
        }
        const method = sqlMethod(callee, file);
        if (!method) return;
        const sql = strings.builtString(args[0]);
        // Raw-fragment methods (`whereRaw`) take SQL by name; elsewhere the text must read as SQL.
        if (sql && (RAW_METHODS.has(method) || SQL.test(sql.literal)))
          sink(node, args[0]!, "sql", callText(node), sql.how);
      },
      "Program:exit"() {
        const fact = flow.fact();
        if (fact) ctx.setFact(fact);
      },
    });
  },
  analyze(ctx) {
    // Fed by a route: an injection. A parameter whose callers are not seen: a likely one. A vm or
    // sandbox call fed by a parameter no route reaches is how plugins run: not reported.
    reportFlows(ctx, ctx.factsOf<FlowFact>("security/injection"), (sink, fed) => {
      if (sink.messageId === "vm") return fed ? { messageId: "code" } : undefined;
      return fed
        ? { messageId: sink.messageId }
        : { messageId: sink.messageId, severity: "medium" };
    });
  },
});

type Kind = "sql" | "code" | "shell" | "vm";

/** A folder or package named for sandboxing (`hoppscotch-js-sandbox/`, `sandbox/`). */
const inSandboxFolder = (path: string) =>
  path
    .split("/")
    .slice(0, -1)
    .some((folder) => folder.toLowerCase().includes("sandbox"));
/** A browser worker: it answers messages from the page that started it. */
const WORKER_TEXT = /\bself\.(?:onmessage|postMessage)\b|addEventListener\(\s*["']message["']/;
const WHAT: Record<Exclude<Kind, "vm">, string> = {
  sql: "SQL",
  code: "code",
  shell: "a shell command",
};
const FIX: Record<Exclude<Kind, "vm">, string> = {
  sql: "placeholders ($1 / ? / :name replacements) or a tagged template (Prisma.sql, sql``) for values, an allow-list or Prisma.raw for identifiers such as table, partition or schema names",
  code: "a lookup table or a parser instead of evaluated code",
  shell: "execFile/spawn with an argument array",
};

/** `vm.runInNewContext(...)`, `runInContext` imported from vm, `new vm.Script(...)`. */
function isVm(callee: AstNode, bindings: FileFrameworks["bindings"], name?: string): boolean {
  const wanted = (n: string) => (name ? n === name : VM_FUNCTIONS.has(n));
  if (callee.type === "Identifier") {
    const binding = bindings.get(callee.name as string);
    return !!binding && VM_MODULE.test(binding.source) && wanted(binding.imported);
  }
  if (callee.type !== "MemberExpression" || callee.computed) return false;
  const object = callee.object as AstNode;
  const binding = object.type === "Identifier" ? bindings.get(object.name as string) : undefined;
  return (
    !!binding &&
    VM_MODULE.test(binding.source) &&
    wanted((callee.property as AstNode).name as string)
  );
}

/** `new VM(...)` / `new NodeVM(...)` of vm2. */
function newSandbox(node: AstNode | null, bindings: FileFrameworks["bindings"]): boolean {
  if (node?.type !== "NewExpression") return false;
  const callee = node.callee as AstNode;
  const name =
    callee.type === "Identifier"
      ? (callee.name as string)
      : callee.type === "MemberExpression" && (callee.object as AstNode).type === "Identifier"
        ? ((callee.object as AstNode).name as string)
        : undefined;
  return !!name && bindings.get(name)?.source === "vm2";
}

/** vm's run functions, `safeEval(...)` of safe-eval, `.run(...)` on a vm2 sandbox. */
function sandboxCall(
  call: AstNode,
  bindings: FileFrameworks["bindings"],
  sandboxes: ReadonlySet<string>,
): boolean {
  const callee = call.callee as AstNode;
  if (isVm(callee, bindings)) return true;
  if (callee.type === "Identifier")
    return /^(safe-eval|notevil|static-eval)$/.test(
      bindings.get(callee.name as string)?.source ?? "",
    );
  if (callee.type !== "MemberExpression" || callee.computed) return false;
  if ((callee.property as AstNode).name !== "run") return false;
  const object = callee.object as AstNode;
  return (
    (object.type === "Identifier" && sandboxes.has(object.name as string)) ||
    newSandbox(object, bindings)
  );
}

/**
 * The strings of one file as the traversal meets them: names bound to constants, and names bound
 * to strings built from something that is not (with their fixed text, to tell SQL from other
 * strings).
 */
class BuiltStrings {
  private readonly constants = new Set<string>();
  private readonly built = new Map<string, Built>();
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** A value that is safe inside SQL or a command: a literal, a constant, an escaping or placeholder helper. */
  safe(node: AstNode): boolean {
    switch (node.type) {
      case "Literal":
        return true;
      case "Identifier":
        return (
          this.constants.has(node.name as string) ||
          CONSTANT_NAME.test(node.name as string) ||
          PLACEHOLDER_NAME.test(node.name as string)
        );
      case "MemberExpression":
        return (
          !node.computed &&
          ((node.property as AstNode).name === "length" ||
            CONSTANT_NAME.test((node.property as AstNode).name as string))
        );
      case "CallExpression": {
        const name = calleeName(node);
        const callee = node.callee as AstNode;
        // Math.random(), Math.floor(...), Date.now(): numbers the code makes, not input.
        if (
          callee.type === "MemberExpression" &&
          (callee.object as AstNode).type === "Identifier" &&
          /^(Math|Date)$/.test((callee.object as AstNode).name as string)
        )
          return (node.arguments as AstNode[]).every((a) => this.safe(a));
        if (name === "toString" || name === "toFixed" || name === "slice")
          return callee.type === "MemberExpression" && this.safe(callee.object as AstNode);
        return typeof name === "string" && SAFE_CALL.test(name);
      }
      case "UnaryExpression":
        return this.safe(node.argument as AstNode);
      case "TemplateLiteral":
        return (node.expressions as AstNode[]).every((e) => this.safe(e));
      case "BinaryExpression":
      case "LogicalExpression":
        return this.safe(node.left as AstNode) && this.safe(node.right as AstNode);
      case "ConditionalExpression":
        return this.safe(node.consequent as AstNode) && this.safe(node.alternate as AstNode);
      default:
        return false;
    }
  }

  /** A string built from something that is not a constant, with its fixed text; undefined otherwise. */
  builtString(node: AstNode | undefined): (Built & { how: string }) | undefined {
    if (!node) return undefined;
    if (node.type === "TemplateLiteral") return this.interpolated(node);
    if (node.type === "BinaryExpression" && node.operator === "+") return this.concatenated(node);
    if (node.type === "Identifier") {
      const known = this.built.get(node.name as string);
      return known && { ...known, how: `${node.name as string}, a string built by concatenation` };
    }
    return undefined;
  }

  private interpolated(node: AstNode): (Built & { how: string }) | undefined {
    const expressions = node.expressions as AstNode[];
    if (expressions.length === 0 || expressions.every((e) => this.safe(e))) return undefined;
    return {
      literal: (node.quasis as AstNode[])
        .map((q) => (q.value as { cooked?: string }).cooked ?? "")
        .join(" ? "),
      how: "template interpolation",
    };
  }

  private concatenated(node: AstNode): (Built & { how: string }) | undefined {
    const parts: AstNode[] = [];
    const flatten = (n: AstNode): void => {
      if (n.type === "BinaryExpression" && n.operator === "+") {
        flatten(n.left as AstNode);
        flatten(n.right as AstNode);
      } else parts.push(n);
    };
    flatten(node);
    const strings = parts.filter(
      (p) => (p.type === "Literal" && typeof p.value === "string") || p.type === "TemplateLiteral",
    );
    if (strings.length === 0 || parts.every((p) => this.safe(p))) return undefined;
    const literal = strings
      .map((p) =>
        p.type === "Literal"
          ? (p.value as string)
          : (this.builtString(p)?.literal ?? this.text.slice(p.start, p.end)),
      )
      .join(" ? ");
    return { literal, how: "string concatenation" };
  }

  /** `const x = "..."` makes a constant; `const q = "..." + input` a built string. */
  noteDeclarator(node: AstNode): void {
    const id = node.id as AstNode;
    if (id.type !== "Identifier") return;
    const init = node.init as AstNode | null;
    if (!init) return;
    if (this.safe(init)) this.constants.add(id.name as string);
    const string = this.builtString(init);
    if (string) this.built.set(id.name as string, { literal: string.literal });
  }

  /** `q += input`: the name holds a built string from here on. */
  noteAppend(node: AstNode): void {
    const left = node.left as AstNode;
    if (left.type !== "Identifier" || node.operator !== "+=") return;
    const right = node.right as AstNode;
    const name = left.name as string;
    if (!this.safe(right)) {
      const previous = this.built.get(name)?.literal ?? "";
      this.built.set(name, {
        literal: `${previous} ? ${right.type === "Literal" ? String(right.value) : ""}`,
      });
      this.constants.delete(name);
    }
  }
}

/** `exec(...)`/`execSync(...)` imported from child_process, or called on the imported module. */
function isShellExec(callee: AstNode, bindings: FileFrameworks["bindings"]): boolean {
  if (callee.type === "Identifier") {
    const binding = bindings.get(callee.name as string);
    return !!binding && CHILD_PROCESS.test(binding.source) && SHELL_FUNCTIONS.has(binding.imported);
  }
  if (
    callee.type !== "MemberExpression" ||
    callee.computed ||
    !SHELL_FUNCTIONS.has((callee.property as AstNode).name as string)
  )
    return false;
  const object = callee.object as AstNode;
  const binding = object.type === "Identifier" ? bindings.get(object.name as string) : undefined;
  return !!binding && CHILD_PROCESS.test(binding.source);
}

/** The method's name when the call takes SQL: a raw-fragment method, or a query method of a database handle. */
function sqlMethod(callee: AstNode, file: FileFrameworks): string | undefined {
  if (callee.type !== "MemberExpression" || callee.computed) return undefined;
  const method = (callee.property as AstNode).name as string;
  if (RAW_METHODS.has(method)) return method;
  if (!HANDLE_METHODS.has(method)) return undefined;
  const root = rootName(callee.object as AstNode);
  if (!root) return undefined;
  const binding = file.bindings.get(root);
  const handle =
    binding?.info?.kind === "db" ||
    binding?.dataLayer === true ||
    DB_HANDLE_NAME.test(root) ||
    (file.kinds.has("db") && /^[a-z]/.test(root) && /db|sql|pool|conn|client/i.test(root));
  return handle ? method : undefined;
}
