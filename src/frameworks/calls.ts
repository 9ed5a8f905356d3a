import type { AstNode } from "../engine/index.ts";
import { rootName } from "./ast.ts";
import { hasDataImport, isDataBinding, type Binding, type FileFrameworks } from "./bindings.ts";
import {
  DB_HANDLE_NAME,
  DB_HANDLE_STRICT,
  DB_HANDLE_SUFFIX,
  DB_METHODS,
  LIST_QUERY_METHODS,
  MAIL_HANDLE_NAME,
  MAIL_METHODS,
} from "./catalogue.ts";

export type CallKind =
  "db" | "db-list" | "http" | "mail" | "document" | "saas" | "sync-io" | "queue";

const CAPITALISED = /^[A-Z]/;
/** Calls that configure a client rather than use it (`nodemailer.createTransport`, `sgMail.setApiKey`). */
const SETUP_METHODS: ReadonlySet<string> = new Set([
  "createTransport",
  "setApiKey",
  "createTestAccount",
]);
const QUEUE_METHODS: ReadonlySet<string> = new Set([
  "add",
  "addBulk",
  "send",
  "sendToQueue",
  "publish",
  "produce",
]);
/** Local names of queue instances (`const emailQueue = new Queue(...)`, `producer`, `channel`). */
const QUEUE_HANDLE_NAME = /^(q|queue|\w*Queue|producer|\w*Producer|channel|ch|publisher)$/;

/**
 * What a call does, if the catalogue knows it: a database query (`db-list` for list reads), an
 * outgoing HTTP request, an e-mail, document generation, a third-party SDK call, a synchronous
 * I/O call, or a queue operation. Cheap: looks at the callee only.
 */
export function classifyCall(call: AstNode, file: FileFrameworks): CallKind | undefined {
  const callee = call.callee as AstNode;
  if (callee.type === "Identifier") return classifyFunctionCall(callee.name as string, file);
  if (callee.type !== "MemberExpression" || callee.computed) return undefined;
  const prop = (callee.property as AstNode).name as string | undefined;
  if (!prop) return undefined;
  const root = rootName(callee.object as AstNode);
  if (!root) return undefined;
  return classifyMethodCall(root, prop, file);
}

/** Classes node-fetch, undici and cross-fetch export beside `fetch`: values, not clients. */
const FETCH_DATA_CLASSES = new Set([
  "Headers",
  "Request",
  "Response",
  "FormData",
  "Blob",
  "File",
  "URLSearchParams",
  "AbortController",
]);

/** A plain call `name(...)`: `fetch`, an imported HTTP client, a `...Sync` function, a Knex query. */
function classifyFunctionCall(name: string, file: FileFrameworks): CallKind | undefined {
  if (name === "fetch") return "http";
  const binding = file.bindings.get(name);
  const kind = binding?.info?.kind;
  if (kind === "http-client") return "http";
  if (kind === "sync-io" && name.endsWith("Sync")) return "sync-io";
  if (kind === "db" && binding!.info!.name === "Knex") return "db-list";
  return undefined;
}

/** A method call `root.….prop(...)`, by what `root` is bound to and the method's name. */
function classifyMethodCall(
  root: string,
  prop: string,
  file: FileFrameworks,
): CallKind | undefined {
  // `const stripe = new Stripe(key)`: the instance is named after the imported class; but a
  // fetch library's data classes (`new Headers()`, `new Request()`) make no request
  const named = root.charAt(0).toUpperCase() + root.slice(1);
  const binding =
    file.bindings.get(root) ??
    (FETCH_DATA_CLASSES.has(named) ? undefined : file.bindings.get(named));
  const kind = binding?.info?.kind;
  if (kind === "http-client") return "http";
  if (kind === "sync-io") return prop.endsWith("Sync") ? "sync-io" : undefined;
  if (isMailCall(kind, root, prop)) return "mail";
  if (kind === "document") return "document";
  if (kind === "saas") return "saas";
  const queueHandle =
    kind === "queue" || (!binding && file.kinds.has("queue") && QUEUE_HANDLE_NAME.test(root));
  if (queueHandle) return QUEUE_METHODS.has(prop) ? "queue" : undefined;
  if (!DB_METHODS.has(prop) || !isDbHandle(binding, root, file)) return undefined;
  return LIST_QUERY_METHODS.has(prop) ? "db-list" : "db";
}

function isMailCall(kind: string | undefined, root: string, prop: string): boolean {
  return (
    (kind === "mailer" && !SETUP_METHODS.has(prop)) ||
    prop === "sendMail" ||
    (MAIL_METHODS.has(prop) && MAIL_HANDLE_NAME.test(root))
  );
}

/**
 * Whether `root` is known to be a database client, model, repository or query builder: bound to
 * a database package's export or to the data layer's handle or model (`isDataBinding`), made
 * from one in this file (`dataHandles`), or named so that it can be nothing else (`prisma`,
 * `userRepository`); a generic name (`db`, `client`, `pool`) counts only in a file that imports
 * a database. An array (`envelope.items.find`, `TIME_ZONES.find`) is none of these.
 */
function isDbHandle(binding: Binding | undefined, root: string, file: FileFrameworks): boolean {
  if (binding && isDataBinding(root, binding)) return true;
  // A package's export of another kind (`import client from "axios"`) is not a database.
  if (binding?.info) return false;
  return (
    DB_HANDLE_STRICT.test(root) ||
    (file.dataHandles?.has(root) ?? false) ||
    ((DB_HANDLE_NAME.test(root) || DB_HANDLE_SUFFIX.test(root)) &&
      !CAPITALISED.test(root) &&
      hasDataImport(file))
  );
}

const INTERNAL_NAME = /service|svc|internal|localhost|127\.0\.0\.1|\.local\b|\.cluster\b/i;

/** Does the first argument of this HTTP call name an internal service rather than a public host? */
export function urlKind(text: string, call: AstNode): "internal" | "external" | "unknown" {
  const arg = (call.arguments as AstNode[])[0];
  if (!arg) return "unknown";
  const source = text.slice(arg.start, arg.end);
  const literal = /^["'`](https?:\/\/)([^/:"'`$]+)/.exec(source);
  if (literal) {
    const host = literal[2]!;
    return !host.includes(".") || INTERNAL_NAME.test(host) ? "internal" : "external";
  }
  return INTERNAL_NAME.test(source) ? "internal" : "unknown";
}
