import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";

/** Static file middleware: `express.static`, serve-static, koa-static, @fastify/static. */
const STATIC_PACKAGES = new Set([
  "serve-static",
  "koa-static",
  "@fastify/static",
  "fastify-static",
]);
const INDEX_PACKAGES = new Set(["serve-index"]);
/** Every finding is a call on a binding of one of these: a file that imports none serves no folder. */
const SERVING_PACKAGES = new Set([...STATIC_PACKAGES, ...INDEX_PACKAGES, "express", "koa"]);
/** Folders that hold what must not be listed or served: the project itself, uploads, logs, backups, keys. */
const SENSITIVE_DIR =
  /(^|[/\\'"`])(\.|\.\.|\.git|\.env|uploads?|logs?|backups?|private|secrets?|config|keys?|certs?|data|db|dumps?|tmp)[/\\'"`]?$/i;

export const directoryListing = defineRule({
  id: "security/directory-listing",
  category: "security",
  severity: "high",
  remediationMinutes: 30,
  description:
    "Directory listing (`serve-index`, `@fastify/static` `list`) or static serving of dot-files (`dotfiles: 'allow'`) or of the project's own folder.",
  rationale:
    "A listed or served folder hands out whatever lands in it: `.env` files, `.git` (the whole source and its history), backups, logs and other users' uploads are fetched by anyone who guesses or reads the listing.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    index:
      "{{call}} lists the files of {{dir}} to anyone: every file there, and every file that lands there later, can be found and downloaded. Serve known files only (no listing), and keep uploads, logs and backups out of served folders.",
    dotfiles:
      '{{call}} serves dot-files from {{dir}} (`dotfiles: "allow"`): `.env`, `.git/config` and `.npmrc` there are downloadable. Remove the option (dot-files are ignored by default) or set it to `"deny"`.',
    root: "{{call}} serves {{dir}}, the application's own folder: its source, package.json and configuration files (and any `.env` beside them, if dot-files are allowed) are downloadable. Serve a dedicated `public/` folder.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    const { bindings } = frameworksOf(ctx);
    if (![...bindings.values()].some((b) => SERVING_PACKAGES.has(b.source))) return {};
    const text = (node: AstNode) => ctx.text.slice(node.start, Math.min(node.end, node.start + 80));
    /** The project folder itself: `__dirname` of a top-level file, `process.cwd()`, `"."`, `"./"`. */
    const isRoot = (node: AstNode | undefined): boolean => {
      if (!node) return false;
      const written = text(node).replace(/\s+/g, "");
      const topLevel = !ctx.path.includes("/") || /^(src|server|app)\/[^/]+$/.test(ctx.path);
      return (
        /^["'`]\.\/?["'`]$/.test(written) ||
        /^process\.cwd\(\)$/.test(written) ||
        (topLevel &&
          /^(__dirname|path\.(join|resolve)\(__dirname\)|path\.(join|resolve)\(__dirname,["'`]\.\.?\/?["'`]\))$/.test(
            written,
          ))
      );
    };
    const options = (node: AstNode | undefined, key: string): AstNode | undefined =>
      node?.type === "ObjectExpression"
        ? ((node.properties as AstNode[]).find(
            (p) =>
              p.type === "Property" &&
              ((p.key as AstNode).name ?? (p.key as AstNode).value) === key,
          )?.value as AstNode | undefined)
        : undefined;
    const serveStatic = (callee: AstNode): boolean => {
      if (callee.type === "Identifier")
        return STATIC_PACKAGES.has(bindings.get(callee.name as string)?.source ?? "");
      if (callee.type !== "MemberExpression" || callee.computed) return false;
      const object = callee.object as AstNode;
      return (
        (callee.property as AstNode).name === "static" &&
        object.type === "Identifier" &&
        /^(express|koa)$/.test(bindings.get(object.name as string)?.source ?? "")
      );
    };
    return {
      CallExpression(node) {
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        const dir = args[0] ? `\`${text(args[0])}\`` : "the folder";
        if (
          callee.type === "Identifier" &&
          INDEX_PACKAGES.has(bindings.get(callee.name as string)?.source ?? "")
        ) {
          const sensitive = args[0]
            ? SENSITIVE_DIR.test(text(args[0]).replace(/\)+$/, "")) || isRoot(args[0])
            : false;
          ctx.report({
            messageId: "index",
            data: { call: `${callee.name as string}()`, dir },
            node,
            // A listing of public assets shows what is public anyway; of the project or its data, everything.
            ...(sensitive ? {} : { severity: "medium" as const }),
          });
          return;
        }
        // Fastify: app.register(fastifyStatic, { root, list: true })
        if (
          callee.type === "MemberExpression" &&
          (callee.property as AstNode).name === "register" &&
          args[0]?.type === "Identifier" &&
          STATIC_PACKAGES.has(bindings.get(args[0].name as string)?.source ?? "")
        ) {
          const list = options(args[1], "list");
          if (list && !(list.type === "Literal" && list.value === false))
            ctx.report({
              messageId: "index",
              data: {
                call: "@fastify/static `list`",
                dir: `\`${text(options(args[1], "root") ?? args[1]!)}\``,
              },
              node,
              severity: "medium",
            });
          return;
        }
        if (!serveStatic(callee)) return;
        const call = text(callee);
        const dotfiles = options(args[1], "dotfiles");
        if (dotfiles?.type === "Literal" && dotfiles.value === "allow")
          ctx.report({ messageId: "dotfiles", data: { call, dir }, node });
        else if (isRoot(args[0])) ctx.report({ messageId: "root", data: { call, dir }, node });
      },
    };
  },
});
