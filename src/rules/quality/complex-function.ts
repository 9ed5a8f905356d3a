import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
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
    const { cyclomatic: maxCyclomatic, cognitive: maxCognitive } = ctx.options;
    const owners: Owner[] = [];
    const frames: CognitiveFrame[] = [];
    const classNames: Array<string | undefined> = [];
    const metrics: FunctionMetrics[] = [];
    const names = new Map<AstNode, string>();

    const increase = (node: AstNode) => {
      for (let i = owners.length - 1; i >= 0; i--) {
        const owner = owners[i]!;
        if (owner.isFunction || (node.start >= owner.from && node.start < owner.to)) {
          owner.cyclomatic++;
          return;
        }
      }
    };
    const frame = () => frames[frames.length - 1];
    const nestingAt = (f: CognitiveFrame, offset: number) => {
      // The traversal goes forward through the source, so a region that ended before this node
      // can hold no later node either: drop it to keep long functions linear.
      if (f.regions.length > 8) f.regions = f.regions.filter((r) => r.end > offset);
      let level = f.baseNesting;
      for (const region of f.regions) if (offset >= region.start && offset < region.end) level++;
      return level;
    };
    const structural = (node: AstNode) => {
      const f = frame();
      if (f) f.score += 1 + nestingAt(f, node.start);
    };
    const fundamental = () => {
      const f = frame();
      if (f) f.score += 1;
    };
    const nest = (child: unknown) => {
      const f = frame();
      const node = child as AstNode | null;
      if (f && node) f.regions.push({ start: node.start, end: node.end });
    };

    const enterFunction = (node: AstNode, parent: AstNode | null) => {
      const name = functionName(node, parent, classNames[classNames.length - 1]);
      names.set(node, name);
      owners.push({ node, from: node.start, to: node.end, cyclomatic: 1, isFunction: true });
      const outer = frame();
      frames.push({
        node,
        name:
          node.type === "FunctionDeclaration"
            ? name
            : parent?.type === "VariableDeclarator"
              ? name
              : undefined,
        score: 0,
        regions: [],
        baseNesting: outer ? nestingAt(outer, node.start) + 1 : 0,
        outermost: !outer,
      });
    };
    const exitFunction = (node: AstNode, parent: AstNode | null) => {
      const owner = owners.pop()!;
      const f = frames.pop()!;
      const outer = frame();
      // A nested function's cognitive score counts towards the function that holds it.
      if (outer) outer.score += f.score;
      const name = names.get(node)!;
      // ESLint reports an arrow at its `=>`, a method at its key, other functions at their start.
      // The arrow's `=>` is the last one before its body (the parameters' types, which may hold
      // arrows of their own, are not in the AST to search after).
      const headOffset =
        node.type === "ArrowFunctionExpression"
          ? ctx.text.lastIndexOf("=>", (node.body as AstNode).start - 2)
          : parent &&
              (parent.type === "MethodDefinition" ||
                parent.type === "Property" ||
                parent.type === "PropertyDefinition") &&
              parent.value === node
            ? parent.start
            : node.start;
      const line = ctx.lineOf(headOffset >= 0 ? headOffset : node.start);
      const endLine = ctx.lineOf(node.end - 1);
      metrics.push({ name, line, endLine, cyclomatic: owner.cyclomatic, cognitive: f.score });
      const overCyclomatic = owner.cyclomatic > maxCyclomatic;
      const overCognitive = f.outermost && f.score > maxCognitive;
      if (!overCyclomatic && !overCognitive) return;
      const excessCyclomatic = Math.max(0, owner.cyclomatic - maxCyclomatic);
      const excessCognitive = Math.max(0, f.score - maxCognitive);
      ctx.report({
        messageId: overCyclomatic ? "complex" : "nested",
        data: {
          name,
          cyclomatic: owner.cyclomatic,
          maxCyclomatic,
          cognitive: f.score,
          maxCognitive,
        },
        startLine: line,
        endLine,
        symbol: name,
        evidence: { cyclomatic: owner.cyclomatic, cognitive: f.score, lines: endLine - line + 1 },
        remediationMinutes: 30 + 10 * excessCyclomatic + 5 * excessCognitive,
        severity:
          owner.cyclomatic > 2 * maxCyclomatic || f.score > 2 * maxCognitive ? "high" : "medium",
      });
    };
    const exitOwner = () => {
      const owner = owners.pop()!;
      if (owner.cyclomatic > maxCyclomatic) {
        const line = ctx.lineOf(owner.from);
        ctx.report({
          messageId: "complex",
          data: {
            name:
              owner.node.type === "StaticBlock" ? "Class static block" : "Class field initializer",
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
    };

    const handlers: Record<string, (node: AstNode, parent: AstNode | null) => void> = {
      "Program:exit": () => ctx.setFact(metrics),
      ClassDeclaration: (node) =>
        void classNames.push((node.id as AstNode | null)?.name as string | undefined),
      "ClassDeclaration:exit": () => void classNames.pop(),
      ClassExpression: (node, parent) =>
        void classNames.push(
          ((node.id as AstNode | null)?.name as string | undefined) ??
            (parent?.type === "VariableDeclarator"
              ? ((parent.id as AstNode).name as string)
              : undefined),
        ),
      "ClassExpression:exit": () => void classNames.pop(),
      PropertyDefinition: (node) => {
        const value = node.value as AstNode | null;
        if (value)
          owners.push({
            node: value,
            from: value.start,
            to: value.end,
            cyclomatic: 1,
            isFunction: false,
          });
      },
      "PropertyDefinition:exit": (node) => {
        if (node.value) exitOwner();
      },
      StaticBlock: (node) =>
        void owners.push({ node, from: node.start, to: node.end, cyclomatic: 1, isFunction: true }),
      "StaticBlock:exit": exitOwner,
      CatchClause: (node) => {
        increase(node);
        structural(node);
        nest(node.body);
      },
      ConditionalExpression: (node) => {
        increase(node);
        structural(node);
        nest(node.consequent);
        nest(node.alternate);
      },
      LogicalExpression: (node, parent) => {
        increase(node);
        if (parent?.type === "LogicalExpression") return;
        // Cognitive: +1 for each run of like operators in the flattened chain.
        const operators: string[] = [];
        const flatten = (n: AstNode) => {
          if (n.type !== "LogicalExpression") return;
          flatten(n.left as AstNode);
          operators.push(n.operator as string);
          flatten(n.right as AstNode);
        };
        flatten(node);
        operators.forEach((op, i) => {
          if (i === 0 || operators[i - 1] !== op) fundamental();
        });
      },
      IfStatement: (node, parent) => {
        increase(node);
        const isElseIf = parent?.type === "IfStatement" && parent.alternate === node;
        if (isElseIf) fundamental();
        else structural(node);
        nest(node.consequent);
        const alternate = node.alternate as AstNode | null;
        if (alternate && alternate.type !== "IfStatement") {
          fundamental(); // else
          nest(alternate);
        }
      },
      SwitchStatement: (node) => {
        structural(node);
        for (const c of node.cases as AstNode[]) nest(c);
      },
      SwitchCase: (node) => {
        if (node.test) increase(node);
      },
      AssignmentPattern: increase,
      AssignmentExpression: (node) => {
        if (node.operator === "&&=" || node.operator === "||=" || node.operator === "??=")
          increase(node);
      },
      MemberExpression: (node) => {
        if (node.optional === true) increase(node);
      },
      CallExpression: (node) => {
        if (node.optional === true) increase(node);
        const callee = node.callee as AstNode;
        const f = frame();
        if (f?.name && callee.type === "Identifier" && callee.name === f.name) fundamental(); // recursion
      },
      BreakStatement: (node) => {
        if (node.label) fundamental();
      },
      ContinueStatement: (node) => {
        if (node.label) fundamental();
      },
    };
    for (const type of LOOP_TYPES) {
      handlers[type] = (node) => {
        increase(node);
        structural(node);
        nest(node.body);
      };
    }
    for (const type of FUNCTION_TYPES) {
      handlers[type] = enterFunction;
      handlers[`${type}:exit`] = exitFunction;
    }
    return handlers;
  },
});
