import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";

/** What the encoded bytes are: an uploaded or read file, not a token or a hash. */
const FILE_CONTENT =
  /\b(file|files|upload|uploaded|buffer|pdf|image|img|photo|avatar|document|doc|attachment|blob|arrayBuffer|readFile\w*|multer|content)\b/i;
/** Calls that write a row: ORMs, query builders and drivers. */
const WRITES = new Set([
  "create",
  "createMany",
  "insert",
  "insertOne",
  "insertMany",
  "update",
  "updateOne",
  "upsert",
  "save",
  "query",
  "execute",
  "values",
]);
/** A receiver that is a database handle when the file imports no known database package. */
const DB_RECEIVER =
  /\b(prisma|db|database|knex|sql|pool|client|repo|repository|model|collection|table|tx|trx)\b/i;

interface Frame {
  encodings: AstNode[];
  write?: string;
}

export const fileInDatabase = defineRule({
  id: "data/file-in-database",
  category: "data",
  severity: "medium",
  remediationMinutes: 480,
  description:
    "Uploaded files stored in the database as base64 text: the database becomes a file store.",
  rationale:
    "Base64 text is a third larger than the file, every row read drags the file along, backups and replicas grow with every upload, and the database (the one store that is hard to scale) carries what object storage serves for a fraction of the cost.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    base64:
      "A file is encoded as base64 here and written to the database ({{write}}) in the same function: the database becomes a file store, a third larger than the files. Put the file in object storage (S3, GCS, R2) and keep its key and metadata in the row.",
  },
  create(ctx): NodeHandlers {
    // Every finding encodes to base64 by a literal "base64" in the code: a file without the word
    // is not walked (its handlers cost four times the search on effect's src/).
    if (isTestFile(ctx.path) || !ctx.code.includes("base64")) return {};
    const file = frameworksOf(ctx);
    const hasDb = file.kinds.has("db");
    const stack: Frame[] = [{ encodings: [] }];
    const enter = () => void stack.push({ encodings: [] });
    const exit = () => {
      const frame = stack.pop()!;
      if (frame.write && frame.encodings.length)
        ctx.report({
          messageId: "base64",
          data: { write: frame.write },
          node: frame.encodings[0]!,
        });
      // `files.map((f) => f.buffer.toString("base64"))` feeds the write of the enclosing function.
      else if (!frame.write) stack.at(-1)!.encodings.push(...frame.encodings);
    };
    const text = (node: AstNode) => ctx.text.slice(node.start, node.end);
    return {
      FunctionDeclaration: enter,
      "FunctionDeclaration:exit": exit,
      FunctionExpression: enter,
      "FunctionExpression:exit": exit,
      ArrowFunctionExpression: enter,
      "ArrowFunctionExpression:exit": exit,
      CallExpression(node) {
        const callee = node.callee as AstNode;
        if (callee.type !== "MemberExpression" || callee.computed) return;
        const method = (callee.property as AstNode).name as string;
        const args = node.arguments as AstNode[];
        const frame = stack.at(-1)!;
        const base64 =
          (method === "toString" && args[0]?.type === "Literal" && args[0].value === "base64") ||
          (/^readFile(Sync)?$/.test(method) && args.some((a) => /base64/.test(text(a))));
        if (base64 && FILE_CONTENT.test(text(callee.object as AstNode))) frame.encodings.push(node);
        else if (WRITES.has(method) && !frame.write) {
          const receiver = text(callee.object as AstNode).slice(0, 60);
          if (hasDb || DB_RECEIVER.test(receiver)) frame.write = `${receiver}.${method}`;
        }
      },
    };
  },
});
