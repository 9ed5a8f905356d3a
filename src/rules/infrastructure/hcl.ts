/**
 * A small reader for HCL (Terraform) structure: blocks with labels and the raw text of their
 * attributes, with lines. It does not evaluate expressions; rules look only at literal values.
 */

export interface HclAttribute {
  value: string;
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

const IDENT = /[A-Za-z0-9_.-]/;
const BLANK = /[ \t\r,]/;

export function parseHcl(text: string): HclBlock {
  const root: HclBlock = { type: "", labels: [], line: 1, attributes: new Map(), blocks: [] };
  const stack: HclBlock[] = [root];
  let i = 0;
  let line = 1;
  const n = text.length;

  const skipString = () => {
    // at the opening quote; handles escapes and ${ } interpolations (which may hold quotes).
    i++;
    let depth = 0;
    while (i < n) {
      const c = text[i]!;
      if (c === "\n") line++;
      if (c === "\\") i += 2;
      else if (c === "$" && text[i + 1] === "{") {
        depth++;
        i += 2;
      } else if (c === "}" && depth > 0) {
        depth--;
        i++;
      } else if (c === '"' && depth === 0) {
        i++;
        return;
      } else i++;
    }
  };
  const skipComment = (): boolean => {
    const c = text[i];
    if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      while (i < n && text[i] !== "\n") i++;
      return true;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === "\n") line++;
      i = stop;
      return true;
    }
    return false;
  };
  const skipHeredoc = () => {
    // at `<<`; the body ends at a line holding only the delimiter.
    const match = /^<<-?\s*([A-Za-z_]\w*)/.exec(text.slice(i, i + 100));
    if (!match) {
      i += 2;
      return;
    }
    const delimiter = match[1]!;
    i += match[0].length;
    while (i < n) {
      const next = text.indexOf("\n", i);
      if (next < 0) {
        i = n;
        return;
      }
      line++;
      i = next + 1;
      const end = text.indexOf("\n", i);
      if (text.slice(i, end < 0 ? n : end).trim() === delimiter) {
        i = end < 0 ? n : end;
        return;
      }
    }
  };
  /** Reads an attribute value up to the end of its line at bracket depth 0. */
  const readValue = (): string => {
    const start = i;
    let depth = 0;
    while (i < n) {
      const c = text[i]!;
      const at = i;
      if (c === '"') skipString();
      else if (c === "<" && text[i + 1] === "<") skipHeredoc();
      else if (skipComment()) {
        // A comment at depth 0 ends the value (`x = 0 # why`).
        if (depth === 0) return text.slice(start, at).trim();
      } else if (c === "(" || c === "[" || c === "{") {
        depth++;
        i++;
      } else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) break;
        depth--;
        i++;
      } else if (c === "\n") {
        if (depth === 0) break;
        line++;
        i++;
      } else i++;
    }
    return text.slice(start, i).trim();
  };

  while (i < n) {
    const c = text[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (BLANK.test(c)) i++;
    else if (skipComment()) continue;
    else if (c === "}") {
      if (stack.length > 1) stack.pop();
      i++;
    } else if (IDENT.test(c) || c === '"') {
      const at = line;
      const labels: string[] = [];
      // name, then either `=` / `:` (attribute) or labels and `{` (block)
      while (i < n) {
        const d = text[i]!;
        if (d === " " || d === "\t") i++;
        else if (d === '"') {
          const from = i;
          skipString();
          labels.push(text.slice(from + 1, i - 1));
        } else if (IDENT.test(d)) {
          const from = i;
          while (i < n && IDENT.test(text[i]!)) i++;
          labels.push(text.slice(from, i));
        } else break;
      }
      const name = labels.shift() ?? "";
      const d = text[i];
      if ((d === "=" && text[i + 1] !== "=") || d === ":") {
        i++;
        while (text[i] === " " || text[i] === "\t") i++;
        stack[stack.length - 1]!.attributes.set(name, { value: readValue(), line: at });
      } else if (d === "{") {
        i++;
        const block: HclBlock = { type: name, labels, line: at, attributes: new Map(), blocks: [] };
        stack[stack.length - 1]!.blocks.push(block);
        stack.push(block);
      } else i++;
    } else i++;
  }
  return root;
}
