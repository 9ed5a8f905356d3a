import { z } from "zod";
import {
  defineRule,
  type AstNode,
  type CodeContext,
  type NodeHandler,
} from "../../engine/index.ts";
import { functionName } from "./function-name.ts";

const options = z.strictObject({
  /** ESLint `complexity` counts; a function above this is reported. */
  cyclomatic: z.number().int().min(1).default(10),
  /** SonarSource cognitive complexity; an outermost function above this is reported. */
  cognitive: z.number().int().min(1).default(15),
});

/** What the rule records of every function, for reports and for history's hotspots. */
export interface FunctionMetrics {
  name: string;
  line: number;
  endLine: number;
  cyclomatic: number;
  cognitive: number;
}

const FUNCTION_TYPES = ["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"];
const LOOP_TYPES = [
  "ForStatement",
  "ForInStatement",
  "ForOfStatement",
  "WhileStatement",
  "DoWhileStatement",
];

interface Owner {
  /** The node whose code path this is (a function, a class field's value, a static block). */
  node: AstNode;
  /** For class-field initialisers: only nodes inside the value belong to this owner. */
  from: number;
  to: number;
  cyclomatic: number;
  isFunction: boolean;
}

interface CognitiveFrame {
  node: AstNode;
  name: string | undefined;
  score: number;
  /** Regions of nested code: a node inside k of them is at nesting level k. */
  regions: Array<{ start: number; end: number }>;
  /** How deep this function sits in other functions: its own body starts at this nesting. */
  baseNesting: number;
  outermost: boolean;
}

/**
 * Cyclomatic complexity exactly as ESLint's `complexity` rule counts it (classic variant, ESLint
 * 10): 1 per code path (function, class-field initialiser, static block) plus 1 per `if`,
 * conditional, loop, `catch`, non-default `case`, `&&`/`||`/`??`, logical assignment, default
 * value and optional chain link. Cognitive complexity as the SonarSource white paper (G. Ann
 * Campbell, 2017) defines it: structures add 1 plus their nesting, `else`/`else if` add 1, each
 * run of like logical operators adds 1, labelled jumps and direct recursion add 1; nested
 * functions add to the outermost one at one more level of nesting.
 */
export const complexFunction = defineRule({
  id: "quality/complex-function",
  publishesFunctions: true,
  category: "quality",
  severity: "medium",
  remediationMinutes: 30,
  description: "Functions whose cyclomatic or cognitive complexity is above the threshold.",
  rationale:
    "Every branch is a path to understand, test and keep working; complex functions are where changes take longest and defects cluster.",
  version: 3,
  options,
  messages: {
    complex:
      "{{name}} has cyclomatic complexity {{cyclomatic}} (max {{maxCyclomatic}}) and cognitive complexity {{cognitive}} (max {{maxCognitive}}): it is hard to read and to test. Split it into smaller functions, use early returns and lookup tables instead of branch chains.",
    nested:
      "{{name}} has cognitive complexity {{cognitive}} (max {{maxCognitive}}) counting the functions nested in it, though each branch point alone is simple (cyclomatic {{cyclomatic}}): deep nesting makes it hard to follow. Lift the nested callbacks into named functions and flatten the conditions.",
  },
  create(ctx) {
    const counter = new ComplexityCounter(ctx);
    const handlers: Record<string, NodeHandler> = {
      "Program:exit": () => ctx.setFact(counter.metrics),
      ...classHandlers(counter),
      ...branchHandlers(counter),
      ...jumpAndChainHandlers(counter),
    };
    for (const type of LOOP_TYPES) {
      handlers[type] = (node) => {
        counter.increase(node);
        counter.structural(node);
        counter.nest(node.body);
      };
    }
    for (const type of FUNCTION_TYPES) {
      handlers[type] = (node, parent) => counter.enterFunction(node, parent);
      handlers[`${type}:exit`] = (node, parent) => counter.exitFunction(node, parent);
    }
    return handlers;
  },
});

type Options = z.infer<typeof options>;
type Handlers = Record<string, NodeHandler>;

/**
 * The state of one file's traversal: the code paths open at this point (for cyclomatic counts),
 * the functions open (for cognitive scores and their nesting), the enclosing classes' names, and
 * the metrics of every function closed so far.
 */
class ComplexityCounter {
  readonly metrics: FunctionMetrics[] = [];
  readonly classNames: Array<string | undefined> = [];
  private readonly owners: Owner[] = [];
  private readonly frames: CognitiveFrame[] = [];
  private readonly names = new Map<AstNode, string>();
  private readonly ctx: CodeContext<Options>;

  constructor(ctx: CodeContext<Options>) {
    this.ctx = ctx;
  }

  /** +1 cyclomatic for the innermost code path that holds `node`. */
  increase(node: AstNode): void {
    for (let i = this.owners.length - 1; i >= 0; i--) {
      const owner = this.owners[i]!;
      if (owner.isFunction || (node.start >= owner.from && node.start < owner.to)) {
        owner.cyclomatic++;
        return;
      }
    }
  }

  frame(): CognitiveFrame | undefined {
    return this.frames[this.frames.length - 1];
  }

  private nestingAt(f: CognitiveFrame, offset: number): number {
    // The traversal goes forward through the source, so a region that ended before this node
    // can hold no later node either: drop it to keep long functions linear.
    if (f.regions.length > 8) f.regions = f.regions.filter((r) => r.end > offset);
    let level = f.baseNesting;
    for (const region of f.regions) if (offset >= region.start && offset < region.end) level++;
    return level;
  }

  /** Cognitive: a structure adds 1 plus its nesting. */
  structural(node: AstNode): void {
    const f = this.frame();
    if (f) f.score += 1 + this.nestingAt(f, node.start);
  }

  /** Cognitive: `else`, a run of like logical operators, a labelled jump, recursion add 1. */
  fundamental(): void {
    const f = this.frame();
    if (f) f.score += 1;
  }

  /** Code inside `child` is one level deeper. */
  nest(child: unknown): void {
    const f = this.frame();
    const node = child as AstNode | null;
    if (f && node) f.regions.push({ start: node.start, end: node.end });
  }

  /** A class field's initialiser or a static block: its own code path, not a function's. */
  enterOwner(node: AstNode, isFunction: boolean): void {
    this.owners.push({ node, from: node.start, to: node.end, cyclomatic: 1, isFunction });
  }

  enterFunction(node: AstNode, parent: AstNode | null): void {
    const name = functionName(node, parent, this.classNames[this.classNames.length - 1]);
    this.names.set(node, name);
    this.enterOwner(node, true);
    const outer = this.frame();
    // Recursion counts only for functions that call themselves by a name they are declared with.
    const callableName =
      node.type === "FunctionDeclaration" || parent?.type === "VariableDeclarator"
        ? name
        : undefined;
    this.frames.push({
      node,
      name: callableName,
      score: 0,
      regions: [],
      baseNesting: outer ? this.nestingAt(outer, node.start) + 1 : 0,
      outermost: !outer,
    });
  }

  exitFunction(node: AstNode, parent: AstNode | null): void {
    const owner = this.owners.pop()!;
    const f = this.frames.pop()!;
    const outer = this.frame();
    // A nested function's cognitive score counts towards the function that holds it.
    if (outer) outer.score += f.score;
    const name = this.names.get(node)!;
    const line = this.ctx.lineOf(headOffset(this.ctx.text, node, parent));
    const endLine = this.ctx.lineOf(node.end - 1);
    this.metrics.push({ name, line, endLine, cyclomatic: owner.cyclomatic, cognitive: f.score });
    reportFunction(this.ctx, { name, line, endLine, cyclomatic: owner.cyclomatic }, f);
  }

  exitOwner(): void {
    reportOwner(this.ctx, this.owners.pop()!);
  }
}

/**
 * Where ESLint reports a function: an arrow at its `=>`, a method at its key, other functions at
 * their start. The arrow's `=>` is the last one before its body (the parameters' types, which
 * may hold arrows of their own, are not in the AST to search after).
 */
function headOffset(text: string, node: AstNode, parent: AstNode | null): number {
  if (node.type === "ArrowFunctionExpression") {
    const arrow = text.lastIndexOf("=>", (node.body as AstNode).start - 2);
    return arrow >= 0 ? arrow : node.start;
  }
  const isMemberValue =
    parent &&
    (parent.type === "MethodDefinition" ||
      parent.type === "Property" ||
      parent.type === "PropertyDefinition") &&
    parent.value === node;
  return isMemberValue ? parent.start : node.start;
}

function reportFunction(
  ctx: CodeContext<Options>,
  fn: { name: string; line: number; endLine: number; cyclomatic: number },
  f: CognitiveFrame,
): void {
  const { cyclomatic: maxCyclomatic, cognitive: maxCognitive } = ctx.options;
  const { name, line, endLine, cyclomatic } = fn;
  const overCyclomatic = cyclomatic > maxCyclomatic;
  const overCognitive = f.outermost && f.score > maxCognitive;
  if (!overCyclomatic && !overCognitive) return;
  const excessCyclomatic = Math.max(0, cyclomatic - maxCyclomatic);
  const excessCognitive = Math.max(0, f.score - maxCognitive);
  ctx.report({
    messageId: overCyclomatic ? "complex" : "nested",
    data: { name, cyclomatic, maxCyclomatic, cognitive: f.score, maxCognitive },
    startLine: line,
    endLine,
    symbol: name,
    evidence: { cyclomatic, cognitive: f.score, lines: endLine - line + 1 },
    remediationMinutes: 30 + 10 * excessCyclomatic + 5 * excessCognitive,
    severity: cyclomatic > 2 * maxCyclomatic || f.score > 2 * maxCognitive ? "high" : "medium",
  });
}

/** A class field initialiser or static block over the cyclomatic threshold (no cognitive score). */
function reportOwner(ctx: CodeContext<Options>, owner: Owner): void {
  const { cyclomatic: maxCyclomatic, cognitive: maxCognitive } = ctx.options;
  if (owner.cyclomatic <= maxCyclomatic) return;
  const line = ctx.lineOf(owner.from);
  ctx.report({
    messageId: "complex",
    data: {
      name: owner.node.type === "StaticBlock" ? "Class static block" : "Class field initializer",
      cyclomatic: owner.cyclomatic,
      maxCyclomatic,
      cognitive: 0,
      maxCognitive,
    },
    startLine: line,
    endLine: ctx.lineOf(owner.to - 1),
    evidence: { cyclomatic: owner.cyclomatic, cognitive: 0 },
    remediationMinutes: 30 + 10 * (owner.cyclomatic - maxCyclomatic),
  });
}

/** Class names (for methods' names) and the code paths of class fields and static blocks. */
function classHandlers(counter: ComplexityCounter): Handlers {
  return {
    ClassDeclaration: (node) =>
      void counter.classNames.push((node.id as AstNode | null)?.name as string | undefined),
    "ClassDeclaration:exit": () => void counter.classNames.pop(),
    ClassExpression: (node, parent) =>
      void counter.classNames.push(
        ((node.id as AstNode | null)?.name as string | undefined) ??
          (parent?.type === "VariableDeclarator"
            ? ((parent.id as AstNode).name as string)
            : undefined),
      ),
    "ClassExpression:exit": () => void counter.classNames.pop(),
    PropertyDefinition: (node) => {
      const value = node.value as AstNode | null;
      if (value) counter.enterOwner(value, false);
    },
    "PropertyDefinition:exit": (node) => {
      if (node.value) counter.exitOwner();
    },
    StaticBlock: (node) => counter.enterOwner(node, true),
    "StaticBlock:exit": () => counter.exitOwner(),
  };
}

/** Branches: `catch`, `?:`, logical operators, `if`/`else`, `switch` and its cases. */
function branchHandlers(counter: ComplexityCounter): Handlers {
  return {
    CatchClause: (node) => {
      counter.increase(node);
      counter.structural(node);
      counter.nest(node.body);
    },
    ConditionalExpression: (node) => {
      counter.increase(node);
      counter.structural(node);
      counter.nest(node.consequent);
      counter.nest(node.alternate);
    },
    LogicalExpression: (node, parent) => {
      counter.increase(node);
      if (parent?.type === "LogicalExpression") return;
      // Cognitive: +1 for each run of like operators in the flattened chain.
      const operators = logicalOperators(node);
      operators.forEach((op, i) => {
        if (i === 0 || operators[i - 1] !== op) counter.fundamental();
      });
    },
    IfStatement: (node, parent) => {
      counter.increase(node);
      const isElseIf = parent?.type === "IfStatement" && parent.alternate === node;
      if (isElseIf) counter.fundamental();
      else counter.structural(node);
      counter.nest(node.consequent);
      const alternate = node.alternate as AstNode | null;
      if (alternate && alternate.type !== "IfStatement") {
        counter.fundamental(); // else
        counter.nest(alternate);
      }
    },
    SwitchStatement: (node) => {
      counter.structural(node);
      for (const c of node.cases as AstNode[]) counter.nest(c);
    },
    SwitchCase: (node) => {
      if (node.test) counter.increase(node);
    },
  };
}

/** The operators of a chain of logical expressions, left to right (`a && b || c` -> `&&`, `||`). */
function logicalOperators(node: AstNode): string[] {
  const operators: string[] = [];
  const flatten = (n: AstNode) => {
    if (n.type !== "LogicalExpression") return;
    flatten(n.left as AstNode);
    operators.push(n.operator as string);
    flatten(n.right as AstNode);
  };
  flatten(node);
  return operators;
}

/** Default values, logical assignments, optional chains, recursion and labelled jumps. */
function jumpAndChainHandlers(counter: ComplexityCounter): Handlers {
  return {
    AssignmentPattern: (node) => counter.increase(node),
    AssignmentExpression: (node) => {
      if (node.operator === "&&=" || node.operator === "||=" || node.operator === "??=")
        counter.increase(node);
    },
    MemberExpression: (node) => {
      if (node.optional === true) counter.increase(node);
    },
    CallExpression: (node) => {
      if (node.optional === true) counter.increase(node);
      const callee = node.callee as AstNode;
      const f = counter.frame();
      if (f?.name && callee.type === "Identifier" && callee.name === f.name) counter.fundamental(); // recursion
    },
    BreakStatement: (node) => {
      if (node.label) counter.fundamental();
    },
    ContinueStatement: (node) => {
      if (node.label) counter.fundamental();
    },
  };
}
