/**
 * A weak hash in a helper whose name says nothing (`function hash(value) { return md5(value) }`)
 * protects a password only if its callers give it one: this module records, per file, the
 * helpers that return MD5/SHA-1 of a parameter and the calls that hand a function a password (or
 * store or compare its result as one), and matches them across files that import each other.
 * Used by security/weak-crypto; not a rule.
 */
import type { AstNode, NodeHandlers, RepositoryContext } from "../../engine/index.ts";
import type { Binding } from "../../frameworks/index.ts";
import { calleeName } from "../../frameworks/index.ts";
import { importsFile, lineKey } from "./flow.ts";
import { boundNames, functionName } from "./request-input.ts";

/** A password as a value, a field or a stored hash it is compared with. */
export const PASSWORD = /passw|pwd|passphrase/i;
const WEAK_ALGORITHMS = new Set(["md5", "sha1", "sha-1", "rsa-md5", "rsa-sha1"]);
export const WEAK_HASH_PACKAGES = new Set([
  "md5",
  "blueimp-md5",
  "js-md5",
  "crypto-js/md5",
  "sha1",
  "js-sha1",
  "crypto-js/sha1",
]);
const FUNCTIONS = ["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"];

/** A function of the file that returns a weak hash of its parameter. */
interface HashFunction {
  fn: string;
  algorithm: string;
  line: number;
  key: string;
}
/** A call that hands a password to a function, or stores or compares the function's result as one. */
interface PasswordCall {
  fn: string;
  line: number;
  what: string;
}
export interface PasswordFact {
  hashes: HashFunction[];
  calls: PasswordCall[];
}

/** `createHash("md5")` -> "MD5". */
export function weakCreateHash(call: AstNode | null): string | undefined {
  if (call?.type !== "CallExpression" || calleeName(call) !== "createHash") return undefined;
  const algorithm = (call.arguments as AstNode[])[0];
  return algorithm?.type === "Literal" &&
    typeof algorithm.value === "string" &&
    WEAK_ALGORITHMS.has(algorithm.value.toLowerCase())
    ? algorithm.value.toUpperCase()
    : undefined;
}

/** The weak algorithm down a call chain: `createHash("md5").update(x).digest("hex")`, `md5(x)`. */
export function weakHashIn(
  node: AstNode,
  bindings: ReadonlyMap<string, Binding>,
): string | undefined {
  let current: AstNode | undefined = node;
  while (current?.type === "CallExpression") {
    const callee = current.callee as AstNode;
    const algorithm = weakCreateHash(current);
    if (algorithm) return algorithm;
    if (callee.type === "Identifier") {
      const source = bindings.get(callee.name as string)?.source;
      if (!source || !WEAK_HASH_PACKAGES.has(source)) return undefined;
      return source.includes("md5") ? "MD5" : "SHA-1";
    }
    current = callee.type === "MemberExpression" ? (callee.object as AstNode) : undefined;
  }
  return undefined;
}

export class PasswordFlow {
  private readonly fact: PasswordFact = { hashes: [], calls: [] };
  /** The enclosing functions; their names and parameters are read only when a weak hash is met. */
  private readonly functions: Array<{ node: AstNode; parent: AstNode | null }> = [];
  private readonly ctx: { text: string; lineOf(offset: number): number };
  private readonly bindings: ReadonlyMap<string, Binding>;

  constructor(
    ctx: { text: string; lineOf(offset: number): number },
    bindings: ReadonlyMap<string, Binding>,
  ) {
    this.ctx = ctx;
    this.bindings = bindings;
  }

  /** Handlers that keep the enclosing functions and their parameters. */
  handlers(): NodeHandlers {
    const handlers: NodeHandlers = {};
    for (const type of FUNCTIONS) {
      handlers[type] = (node, parent) => void this.functions.push({ node, parent });
      handlers[`${type}:exit`] = () => void this.functions.pop();
    }
    return handlers;
  }

  /** A weak hash of `input` that nothing marks as sensitive: a helper when `input` is its parameter. */
  noteHash(algorithm: string, input: AstNode | undefined, node: AstNode): void {
    const scope = this.functions.at(-1);
    if (!scope || input?.type !== "Identifier") return;
    const fn = functionName(scope.node, scope.parent);
    const params = (scope.node.params as AstNode[]).flatMap((p) => boundNames(p));
    if (!fn || !params.includes(input.name as string)) return;
    this.fact.hashes.push({
      fn,
      algorithm,
      line: this.ctx.lineOf(node.start),
      key: lineKey(this.ctx.text, node.start),
    });
  }

  /** A call whose argument is a password, or whose result becomes (`context`) or is compared with one. */
  noteCall(call: AstNode, context: string): void {
    const first = (call.arguments as AstNode[])[0];
    const text = (n: AstNode, max: number) =>
      this.ctx.text.slice(n.start, Math.min(n.end, n.start + max));
    if (first && PASSWORD.test(text(first, 100))) this.push(call, `\`${text(first, 40)}\``);
    else if (PASSWORD.test(context)) this.push(call, `a value stored as \`${context}\``);
  }

  noteComparison(call: AstNode, other: string): void {
    this.push(call, `its result, compared with \`${other.slice(0, 40)}\``);
  }

  private push(call: AstNode, what: string): void {
    const name = calleeName(call);
    if (!name || this.fact.calls.length >= 50) return;
    // Calls into packages (bcrypt.hash, argon2.verify) are not the project's own helpers.
    const callee = call.callee as AstNode;
    const root = callee.type === "MemberExpression" ? (callee.object as AstNode) : callee;
    const source =
      root.type === "Identifier" ? this.bindings.get(root.name as string)?.source : undefined;
    if (source && !/^(\.|@\/|~\/)/.test(source)) return;
    this.fact.calls.push({ fn: name, line: this.ctx.lineOf(call.start), what });
  }

  result(): PasswordFact | undefined {
    return this.fact.hashes.length || this.fact.calls.length ? this.fact : undefined;
  }
}

/** Each weak-hash helper with the first call, in its file or one that imports it, that gives it a password. */
export function passwordHelpers<O>(
  ctx: RepositoryContext<O>,
  facts: Array<{ path: string; fact: PasswordFact }>,
): Array<{ path: string; hash: HashFunction; caller: { path: string; call: PasswordCall } }> {
  const calls = new Map<string, Array<{ path: string; call: PasswordCall }>>();
  for (const { path, fact } of facts)
    for (const call of fact.calls) {
      const list = calls.get(call.fn) ?? [];
      list.push({ path, call });
      calls.set(call.fn, list);
    }
  const out: Array<{
    path: string;
    hash: HashFunction;
    caller: { path: string; call: PasswordCall };
  }> = [];
  for (const { path, fact } of facts)
    for (const hash of fact.hashes) {
      const caller = (calls.get(hash.fn) ?? []).find((c) => importsFile(ctx.graph, c.path, path));
      if (caller) out.push({ path, hash, caller });
    }
  return out;
}
