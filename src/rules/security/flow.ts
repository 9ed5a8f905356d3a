/**
 * Request input across files, for the security rules that weigh a sink by its source: a sink fed
 * by a parameter of its function (`this.findByName = (name) => users.find({ $where: ... name })`)
 * is an injection when some file that imports the sink's file calls that function with request
 * input at that position (`usersDao.findByName(req.query.name)`). Each file stores what it feeds
 * and what it sinks; `analyze` matches them by function name and import edge, one hop: what a
 * layered application (route -> controller -> data access) does most often. Not a rule.
 */
import type { AstNode, RepositoryContext } from "../../engine/index.ts";
import type { Severity } from "../../findings/index.ts";
import type { ModuleGraph } from "../../graph/model.ts";
import { normaliseSnippet } from "../../findings/index.ts";
import type { RequestInput } from "./request-input.ts";

/** A sink whose dangerous value is parameter `index` of function `fn` in the same file. */
export interface ParameterSink {
  fn: string;
  index: number;
  line: number;
  endLine: number;
  /** The finding's identity, as a per-file finding would have it (the normalised first line). */
  key: string;
  /** The message's data, ready but for the caller. */
  data: Record<string, string>;
  messageId: string;
}

/** A call that passes request input at `indexes` to a function named `fn`. */
export interface Feed {
  fn: string;
  indexes: number[];
  line: number;
}

export interface FlowFact {
  sinks: ParameterSink[];
  feeds: Feed[];
}

/** Text that shows a file reads request input at all: the gate before recording feeds. */
const READS_REQUEST =
  /\b(?:req|request|ctx|c)\.(?:body|query|params|headers|cookies|param|get|header|req|request)\b|@(?:Body|Query|Param)\(|searchParams\.get\(/;
/** What any READS_REQUEST match contains (Hono's `c.req.query` too): a fast test before the regex. */
const REQUEST_PIECES = /req|ctx\.|@Body|@Query|@Param|searchParams/;
let lastText: string | undefined;
let lastReads = false;

/**
 * Whether a file reads request input (`req.body`, `ctx.query`, `@Body()`...). Several rules ask
 * about the same file one after the other: the last answer is kept.
 */
export function readsRequest(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastReads = REQUEST_PIECES.test(text) && READS_REQUEST.test(text);
  }
  return lastReads;
}

/** Records one file's feeds and parameter sinks for a rule's fact. */
export class FlowRecorder {
  readonly sinks: ParameterSink[] = [];
  readonly feeds: Feed[] = [];
  private readonly text: string;
  private readonly lineOf: (offset: number) => number;
  readonly recordsFeeds: boolean;

  constructor(ctx: { text: string; code: string; lineOf(offset: number): number }) {
    this.text = ctx.text;
    this.lineOf = ctx.lineOf;
    this.recordsFeeds = readsRequest(ctx.code);
  }

  /** Notes a call that passes request input (that `accept` takes, by its text and node) to a named function. */
  noteCall(
    call: AstNode,
    input: RequestInput,
    accept: (text: string, arg: AstNode) => boolean = () => true,
  ): void {
    if (!this.recordsFeeds) return;
    const callee = call.callee as AstNode;
    const fn =
      callee.type === "Identifier"
        ? (callee.name as string)
        : callee.type === "MemberExpression" && !callee.computed
          ? ((callee.property as AstNode).name as string)
          : undefined;
    if (!fn) return;
    const indexes: number[] = [];
    (call.arguments as AstNode[]).forEach((arg, i) => {
      const origin = input.origin(arg);
      if (origin?.kind === "request" && accept(origin.text, arg)) indexes.push(i);
    });
    if (indexes.length) this.feeds.push({ fn, indexes, line: this.lineOf(call.start) });
  }

  addSink(
    node: AstNode,
    origin: { fn: string; index: number },
    messageId: string,
    data: Record<string, string>,
  ): void {
    const line = this.lineOf(node.start);
    this.sinks.push({
      fn: origin.fn,
      index: origin.index,
      line,
      endLine: this.lineOf(node.end),
      key: lineKey(this.text, node.start),
      data,
      messageId,
    });
  }

  fact(): FlowFact | undefined {
    return this.sinks.length || this.feeds.length
      ? { sinks: this.sinks, feeds: this.feeds }
      : undefined;
  }
}

/**
 * Each parameter sink of the repository with the first call that feeds it request input from the
 * same file or a file that imports it (without a module graph, any file), or none.
 */
export function matchFeeds<O>(
  ctx: RepositoryContext<O>,
  facts: Array<{ path: string; fact: FlowFact }>,
): Array<{ path: string; sink: ParameterSink; feed?: { path: string; line: number } }> {
  const feedsByName = new Map<string, Array<{ path: string; feed: Feed }>>();
  for (const { path, fact } of facts)
    for (const feed of fact.feeds) {
      const list = feedsByName.get(feed.fn) ?? [];
      list.push({ path, feed });
      feedsByName.set(feed.fn, list);
    }
  const imports = (from: string, to: string) => importsFile(ctx.graph, from, to);
  const out: Array<{ path: string; sink: ParameterSink; feed?: { path: string; line: number } }> =
    [];
  for (const { path, fact } of facts)
    for (const sink of fact.sinks) {
      const feed = sink.fn
        ? (feedsByName.get(sink.fn) ?? []).find(
            (f) => f.feed.indexes.includes(sink.index) && imports(f.path, path),
          )
        : undefined;
      out.push({
        path,
        sink,
        ...(feed ? { feed: { path: feed.path, line: feed.feed.line } } : {}),
      });
    }
  return out;
}

/** Whether `from` imports `to` directly (or is it); without a module graph, any file may. */
export function importsFile(graph: ModuleGraph | undefined, from: string, to: string): boolean {
  if (from === to || !graph) return true;
  const a = graph.index.get(from);
  const b = graph.index.get(to);
  if (a === undefined || b === undefined) return false;
  return (graph.out[a] ?? []).some((e) => graph.edges[e]!.to === b);
}

/**
 * Reports each parameter sink as `decide` says from whether a route feeds it (undefined: not at
 * all), with `via` in the message data naming the feeding call.
 */
export function reportFlows<O>(
  ctx: RepositoryContext<O>,
  facts: Array<{ path: string; fact: FlowFact }>,
  decide: (
    sink: ParameterSink,
    fed: boolean,
  ) => { messageId: string; severity?: Severity } | undefined,
): void {
  for (const { path, sink, feed } of matchFeeds(ctx, facts)) {
    const verdict = decide(sink, !!feed);
    if (!verdict) continue;
    ctx.report({
      messageId: verdict.messageId,
      data: {
        ...sink.data,
        via: feed ? ` (${feed.path}:${feed.line} passes request input to \`${sink.fn}\`)` : "",
      },
      path,
      startLine: sink.line,
      endLine: sink.endLine,
      key: sink.key,
      ...(verdict.severity ? { severity: verdict.severity } : {}),
    });
  }
}

/** The normalised text of the line at `offset`: a finding's identity, as the engine keys per-file findings. */
export function lineKey(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  return normaliseSnippet(text.slice(start, end < 0 ? undefined : end));
}
