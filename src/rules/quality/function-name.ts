import type { AstNode } from "../../engine/index.ts";

function keyName(key: unknown): string | undefined {
  const node = key as AstNode | null;
  if (!node) return undefined;
  if (node.type === "Identifier" || node.type === "PrivateIdentifier") {
    return (node.type === "PrivateIdentifier" ? "#" : "") + String(node.name);
  }
  if (node.type === "Literal") return String(node.value);
  return undefined;
}

function memberName(node: AstNode): string | undefined {
  if (node.type === "Identifier") return String(node.name);
  if (node.type === "ThisExpression") return "this";
  if (node.type === "MemberExpression") {
    const object = memberName(node.object as AstNode);
    const property = node.computed ? undefined : keyName(node.property);
    return object && property ? `${object}.${property}` : property;
  }
  return undefined;
}

/**
 * A readable, stable name for a function: `Class.method`, the variable or property it is
 * assigned to, or `<callee> callback` for an anonymous argument. Used as the finding's symbol, so
 * it must not depend on line numbers.
 */
export function functionName(
  node: AstNode,
  parent: AstNode | null,
  className: string | undefined,
): string {
  const id = node.id as AstNode | null | undefined;
  if (id && id.type === "Identifier") return String(id.name);
  if (parent) {
    const prefix = className ? `${className}.` : "";
    switch (parent.type) {
      case "MethodDefinition":
      case "PropertyDefinition":
      case "TSAbstractMethodDefinition": {
        const name = keyName(parent.key) ?? "<computed>";
        const kind =
          parent.kind === "get" || parent.kind === "set" ? `${String(parent.kind)} ` : "";
        return `${prefix}${kind}${name}`;
      }
      case "Property":
        return keyName(parent.key) ?? "<computed>";
      case "VariableDeclarator":
        return keyName(parent.id) ?? "<anonymous>";
      case "AssignmentExpression":
        return memberName(parent.left as AstNode) ?? "<anonymous>";
      case "AssignmentPattern":
        return keyName(parent.left) ?? "<anonymous>";
      case "ExportDefaultDeclaration":
        return "default";
      case "CallExpression":
      case "NewExpression": {
        const callee = memberName(parent.callee as AstNode);
        return callee ? `${callee} callback` : "<anonymous>";
      }
    }
  }
  return "<anonymous>";
}
