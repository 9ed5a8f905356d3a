import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { calleeName, DB_HANDLE_NAME, frameworksOf, rootName } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";

/** SQL text, recognised by its clauses (`select` to `from` bounded: linear time on any string). */
const SQL =
  /\b(select\b[\s\S]{0,500}?\bfrom|insert\s+into|update\s+[\w".`]+\s+set|delete\s+from|where\b|order\s+by|values\s*\(|create\s+table|drop\s+table|alter\s+table)\b/i;
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

export const injection = defineRule({
  id: "security/injection",
  category: "security",
  severity: "critical",
  remediationMinutes: 60,
  description:
    "SQL built by concatenation or interpolation and passed to a query call; eval, new Function, shell exec with interpolated input.",
  rationale:
    "When input becomes part of a query or a command, an attacker writes the query: data is read, changed or deleted, or commands run on the server.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    sql: "SQL built from {{how}} reaches {{call}}: input that contains a quote rewrites the query. Pass values as parameters ($1 / ?) or use a tagged template (sql`...`, prisma.$queryRaw`...`).",
    code: "{{call}} runs code built at run time: input that reaches it runs with the server's rights. Replace it with a lookup table, JSON.parse or a real parser.",
    shell:
      "{{call}} runs a shell command built from {{how}}: input with `;`, `|` or `$()` runs its own commands. Use execFile/spawn with an argument array and no shell.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path) || TOOLING.test(ctx.path)) return {};
    // No full-text gate: a search of every file for the callee names cost more than these
    // handlers, which bail out on the callee's shape, and it missed calls the AST sees (an
    // aliased `exec`, `knex.whereRaw(`, `db.query<Row>(`).
    const { bindings, kinds } = frameworksOf(ctx);
    const constants = new Set<string>();
    const built = new Map<string, Built>();

    const safe = (node: AstNode): boolean => {
      switch (node.type) {
        case "Literal":
          return true;
        case "Identifier":
          return (
            constants.has(node.name as string) ||
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
          return typeof name === "string" && SAFE_CALL.test(name);
        }
        case "TemplateLiteral":
          return (node.expressions as AstNode[]).every(safe);
        case "BinaryExpression":
          return safe(node.left as AstNode) && safe(node.right as AstNode);
        case "ConditionalExpression":
          return safe(node.consequent as AstNode) && safe(node.alternate as AstNode);
        default:
          return false;
      }
    };
    /** A string built from something that is not a constant, with its fixed text; undefined otherwise. */
    const builtString = (node: AstNode | undefined): (Built & { how: string }) | undefined => {
      if (!node) return undefined;
      if (node.type === "TemplateLiteral") {
        const expressions = node.expressions as AstNode[];
        if (expressions.length === 0 || expressions.every(safe)) return undefined;
        return {
          literal: (node.quasis as AstNode[])
            .map((q) => (q.value as { cooked?: string }).cooked ?? "")
            .join(" ? "),
          how: "template interpolation",
        };
      }
      if (node.type === "BinaryExpression" && node.operator === "+") {
        const parts: AstNode[] = [];
        const flatten = (n: AstNode): void => {
          if (n.type === "BinaryExpression" && n.operator === "+") {
            flatten(n.left as AstNode);
            flatten(n.right as AstNode);
          } else parts.push(n);
        };
        flatten(node);
        const strings = parts.filter(
          (p) =>
            (p.type === "Literal" && typeof p.value === "string") || p.type === "TemplateLiteral",
        );
        if (strings.length === 0 || parts.every(safe)) return undefined;
        const literal = strings
          .map((p) =>
            p.type === "Literal"
              ? (p.value as string)
              : (builtString(p)?.literal ?? ctx.text.slice(p.start, p.end)),
          )
          .join(" ? ");
        return { literal, how: "string concatenation" };
      }
      if (node.type === "Identifier") {
        const known = built.get(node.name as string);
        return (
          known && { ...known, how: `${node.name as string}, a string built by concatenation` }
        );
      }
      return undefined;
    };
    const callText = (node: AstNode) =>
      ctx.text.slice(
        (node.callee as AstNode).start,
        Math.min((node.callee as AstNode).end, (node.callee as AstNode).start + 60),
      );
    const isShellExec = (callee: AstNode): boolean => {
      if (callee.type === "Identifier") {
        const binding = bindings.get(callee.name as string);
        return (
          !!binding && CHILD_PROCESS.test(binding.source) && SHELL_FUNCTIONS.has(binding.imported)
        );
      }
      if (
        callee.type !== "MemberExpression" ||
        callee.computed ||
        !SHELL_FUNCTIONS.has((callee.property as AstNode).name as string)
      )
        return false;
      const object = callee.object as AstNode;
      const binding =
        object.type === "Identifier" ? bindings.get(object.name as string) : undefined;
      return !!binding && CHILD_PROCESS.test(binding.source);
    };

    return {
      VariableDeclarator(node) {
        const id = node.id as AstNode;
        if (id.type !== "Identifier") return;
        const init = node.init as AstNode | null;
        if (!init) return;
        if (init.type === "Literal" || (init.type === "TemplateLiteral" && safe(init)))
          constants.add(id.name as string);
        const string = builtString(init);
        if (string) built.set(id.name as string, { literal: string.literal });
      },
      AssignmentExpression(node) {
        const left = node.left as AstNode;
        if (left.type !== "Identifier" || node.operator !== "+=") return;
        const right = node.right as AstNode;
        const name = left.name as string;
        if (!safe(right)) {
          const previous = built.get(name)?.literal ?? "";
          built.set(name, {
            literal: `${previous} ? ${right.type === "Literal" ? String(right.value) : ""}`,
          });
          constants.delete(name);
        }
      },
      NewExpression(node) {
        const callee = node.callee as AstNode;
        if (
          callee.type === "Identifier" &&
          callee.name === "Function" &&
          (node.arguments as AstNode[]).some((a) => !safe(a))
        )
          ctx.report({ messageId: "code", data: { call: "new Function" }, node });
      },
      CallExpression(node) {
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (
          callee.type === "Identifier" &&
          (callee.name === "eval" || callee.name === "Function")
        ) {
          if (args.some((a) => !safe(a)))
            ctx.report({ messageId: "code", data: { call: callee.name as string }, node });
          return;
        }
        if (isShellExec(callee)) {
          const command = builtString(args[0]);
          if (command)
            ctx.report({
              messageId: "shell",
              data: { call: callText(node), how: command.how },
              node,
            });
          return;
        }
        if (callee.type !== "MemberExpression" || callee.computed) return;
        const method = (callee.property as AstNode).name as string;
        if (!RAW_METHODS.has(method)) {
          if (!HANDLE_METHODS.has(method)) return;
          const root = rootName(callee.object as AstNode);
          if (!root) return;
          const binding = bindings.get(root);
          const handle =
            binding?.info?.kind === "db" ||
            binding?.dataLayer === true ||
            DB_HANDLE_NAME.test(root) ||
            (kinds.has("db") && /^[a-z]/.test(root) && /db|sql|pool|conn|client/i.test(root));
          if (!handle) return;
        }
        const sql = builtString(args[0]);
        // Raw-fragment methods (`whereRaw`) take SQL by name; elsewhere the text must read as SQL.
        if (sql && (RAW_METHODS.has(method) || SQL.test(sql.literal)))
          ctx.report({ messageId: "sql", data: { how: sql.how, call: callText(node) }, node });
      },
    };
  },
});
