import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import {
  frameworksOf,
  mergeHandlers,
  rootName,
  type FileFrameworks,
} from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";
import { FlowRecorder, readsRequest, reportFlows, type FlowFact } from "./flow.ts";
import { describeOrigin, requestInputOf, type Origin, type RequestInput } from "./request-input.ts";

const ID = "security/nosql-injection";
/** MongoDB driver and Mongoose methods whose first argument is a filter document. */
const FILTER_METHODS = new Set([
  "find",
  "findOne",
  "findOneAndUpdate",
  "findOneAndDelete",
  "findOneAndReplace",
  "findOneAndRemove",
  "findAndModify",
  "updateOne",
  "updateMany",
  "update",
  "deleteOne",
  "deleteMany",
  "remove",
  "countDocuments",
  "count",
  "exists",
  "distinct",
  "where",
]);
/** Names given to collections and models: `usersCol`, `orders`, `UserModel`, `db.collection("x")`. */
const COLLECTION_NAME = /(col|coll|collection|model|repo)s?$/i;
/** The body and the query string of Express and Koa parse `a[$ne]=1` into objects; params and headers are strings. */
const OBJECT_INPUT = /\.(body|query)\b|^@/;
/** Text without which a file holds no sink: `$where`, a collection, a Mongo package (and its sanitisers) or a model. */
const MONGO_TEXT =
  /\$where|\.collection\(|mongo|[Mm]odels?\/|[a-z]Model\b|[a-z](?:Col|Collection)\b/;
/** Sanitising of filters: Mongoose's option, express-mongo-sanitize, mongo-sanitize, explicit `$eq`. */
const SANITISED = /sanitizeFilter|mongo-sanitize|mongoSanitize/;

interface Fact extends FlowFact {
  /** Operator findings fed by request input in the file itself (reported unless the repository sanitises filters). */
  direct: FlowFact["sinks"];
  sanitised: boolean;
}

export const nosqlInjection = defineRule({
  id: ID,
  category: "security",
  severity: "critical",
  remediationMinutes: 45,
  description:
    "MongoDB `$where` JavaScript built from input, and filter values taken raw from the request body or query string (operator injection).",
  rationale:
    '`$where` runs JavaScript in the database: built from input, an attacker runs code there or stalls it. A filter value taken raw from a JSON body or a query string can be an object such as `{ "$ne": null }`: the query then matches any document, which logs an attacker in without a password or lists other users\' data.',
  version: 1,
  options: z.strictObject({}),
  messages: {
    where:
      "`$where` JavaScript is built from {{how}}{{via}}: the database runs whatever the input adds (`'; while(true){}'`, `'; return true; '`). Express the condition as a query document (`{ stocks: { $gt: Number(threshold) } }`) or `$expr`, never as code.",
    operator:
      'The filter of {{call}} takes {{how}} as the value of `{{field}}`{{via}}: a body or query string can carry an object such as `{ "$ne": null }`, which matches any document. Cast it (`String(x)`), validate it with a schema, or wrap it as `{ $eq: x }`; Mongoose\'s `sanitizeFilter` does this for every query.',
  },
  create(ctx): NodeHandlers {
    if (
      isTestFile(ctx.path) ||
      // Sinks need a filter call; feeds (a route passing input to data access) need request input.
      (!MONGO_TEXT.test(ctx.code) && !readsRequest(ctx.code))
    )
      return {};
    const file = frameworksOf(ctx);
    const mongo = [...file.packages.values()].some((p) => /Mongo/.test(p.name));
    const { input, handlers: inputHandlers } = requestInputOf(ctx);
    const flow = new FlowRecorder(ctx);
    const direct = new FlowRecorder(ctx);
    const collections = new Set<string>();
    const report = (
      node: AstNode,
      origin: Origin,
      messageId: "where" | "operator",
      data: Record<string, string>,
    ) => {
      const full = { ...data, how: describeOrigin(origin) };
      if (origin.kind === "parameter") flow.addSink(node, origin, messageId, full);
      else if (messageId === "operator")
        direct.addSink(node, { fn: "", index: -1 }, messageId, full);
      else ctx.report({ messageId, data: { ...full, via: "" }, node });
    };
    const isCollection = (callee: AstNode) => collectionCall(callee, file, collections, mongo);
    return mergeHandlers(inputHandlers, {
      VariableDeclarator(node) {
        const init = node.init as AstNode | null;
        const id = node.id as AstNode;
        // `const usersCol = db.collection("users")`, `const User = mongoose.model("User", schema)`
        if (id.type === "Identifier" && init?.type === "CallExpression") {
          const callee = init.callee as AstNode;
          const name =
            callee.type === "MemberExpression" ? (callee.property as AstNode).name : undefined;
          if (name === "collection" || name === "model") collections.add(id.name as string);
        }
      },
      Property(node) {
        const key = node.key as AstNode;
        const name =
          key.type === "Identifier" ? key.name : key.type === "Literal" ? key.value : undefined;
        if (name !== "$where") return;
        const value = node.value as AstNode;
        if (
          value.type !== "TemplateLiteral" &&
          value.type !== "BinaryExpression" &&
          value.type !== "Identifier"
        )
          return;
        const origin = input.origin(value);
        if (origin) report(value, origin, "where", {});
      },
      CallExpression(node) {
        flow.noteCall(node, input, (text) => OBJECT_INPUT.test(text));
        const callee = node.callee as AstNode;
        if (callee.type !== "MemberExpression" || callee.computed) return;
        const method = (callee.property as AstNode).name as string;
        const filter = (node.arguments as AstNode[])[0];
        if (method === "$where" && filter) {
          const origin = input.origin(filter);
          if (origin) report(filter, origin, "where", {});
          return;
        }
        if (
          !FILTER_METHODS.has(method) ||
          filter?.type !== "ObjectExpression" ||
          !isCollection(callee)
        )
          return;
        const { fields, first } = rawFields(filter, input);
        if (first)
          report(first.value, first.origin, "operator", {
            call: ctx.text.slice(callee.start, Math.min(callee.end, callee.start + 60)),
            field: fields.join("`, `"),
          });
      },
      "Program:exit"() {
        const sanitised = SANITISED.test(ctx.text);
        if (flow.sinks.length || flow.feeds.length || direct.sinks.length || sanitised)
          ctx.setFact({
            sinks: flow.sinks,
            feeds: flow.feeds,
            direct: direct.sinks,
            sanitised,
          } satisfies Fact);
      },
    });
  },
  analyze(ctx) {
    const facts = ctx.factsOf<Fact>(ID);
    // One `app.use(mongoSanitize())` or `mongoose.set("sanitizeFilter", true)` covers every query.
    const sanitised = facts.some((f) => f.fact.sanitised);
    if (!sanitised)
      for (const { path, fact } of facts)
        for (const sink of fact.direct)
          ctx.report({
            messageId: "operator",
            data: { ...sink.data, via: "" },
            path,
            startLine: sink.line,
            endLine: sink.endLine,
            key: sink.key,
            severity: "high",
          });
    reportFlows(ctx, facts, (sink, fed) => {
      // An operator filter fed by a parameter nobody is seen to feed with input: every data-access
      // function looks like this, so only `$where`, which is code, is reported without a feed.
      if (sink.messageId === "operator" && (!fed || sanitised)) return undefined;
      // `$where` reached by a route is critical; operator injection and an unfed `$where` are high.
      return sink.messageId === "operator" || !fed
        ? { messageId: sink.messageId, severity: "high" }
        : { messageId: sink.messageId };
    });
  },
});

/** The callee's receiver is a collection or a model (see the rule's page for the signs). */
function collectionCall(
  callee: AstNode,
  file: FileFrameworks,
  collections: ReadonlySet<string>,
  mongo: boolean,
): boolean {
  const object = callee.object as AstNode;
  if (object.type === "CallExpression") {
    const inner = object.callee as AstNode;
    if (inner.type === "MemberExpression" && (inner.property as AstNode).name === "collection")
      return true;
  }
  const root = rootName(object);
  if (!root) return false;
  const binding = file.bindings.get(root);
  return (
    collections.has(root) ||
    COLLECTION_NAME.test(root) ||
    (binding?.dataLayer === true && /^[A-Z]/.test(root)) ||
    (mongo && (binding !== undefined || /^[A-Z]/.test(root)))
  );
}

/** The fields of a filter whose values are raw body or query input (one item per filter), and the first such value. */
function rawFields(
  filter: AstNode,
  input: RequestInput,
): { fields: string[]; first?: { value: AstNode; origin: Origin } } {
  const fields: string[] = [];
  let first: { value: AstNode; origin: Origin } | undefined;
  for (const property of filter.properties as AstNode[]) {
    if (property.type !== "Property" || property.computed) continue;
    const key = property.key as AstNode;
    const field = (key.name ?? key.value) as string;
    // Sequelize, Prisma and TypeORM filters nest under `where`: another shape, other rules.
    if (field === "where" || field.startsWith("$")) continue;
    const value = property.value as AstNode;
    if (value.type !== "Identifier" && value.type !== "MemberExpression") continue;
    const origin = input.origin(value);
    if (!origin || (origin.kind === "request" && !OBJECT_INPUT.test(origin.text))) continue;
    // Parameters are matched to callers one position at a time: keep the first only.
    if (first && (first.origin.kind === "parameter" || origin.kind === "parameter")) continue;
    fields.push(field);
    first ??= { value, origin };
  }
  return { fields, ...(first ? { first } : {}) };
}
