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
  return new HclReader(text).read();
}

/** One pass over the text; each method reads from `this.i` and moves it on, counting lines. */
class HclReader {
  private readonly text: string;
  private readonly n: number;
  private i = 0;
  private line = 1;
  private readonly root: HclBlock = {
    type: "",
    labels: [],
    line: 1,
    attributes: new Map(),
    blocks: [],
  };
  private readonly stack: HclBlock[] = [this.root];

  constructor(text: string) {
    this.text = text;
    this.n = text.length;
  }

  read(): HclBlock {
    const { text, n, stack } = this;
    while (this.i < n) {
      const c = text[this.i]!;
      if (c === "\n") {
        this.line++;
        this.i++;
      } else if (BLANK.test(c)) this.i++;
      else if (this.skipComment()) continue;
      else if (c === "}") {
        if (stack.length > 1) stack.pop();
        this.i++;
      } else if (IDENT.test(c) || c === '"') this.readEntry();
      else this.i++;
    }
    return this.root;
  }

  /** A name and its labels, then either `=` / `:` (an attribute) or `{` (a block). */
  private readEntry(): void {
    const { text, stack } = this;
    const at = this.line;
    const labels = this.readLabels();
    const name = labels.shift() ?? "";
    const d = text[this.i];
    if ((d === "=" && text[this.i + 1] !== "=") || d === ":") {
      this.i++;
      while (text[this.i] === " " || text[this.i] === "\t") this.i++;
      stack[stack.length - 1]!.attributes.set(name, { value: this.readValue(), line: at });
    } else if (d === "{") {
      this.i++;
      const block: HclBlock = { type: name, labels, line: at, attributes: new Map(), blocks: [] };
      stack[stack.length - 1]!.blocks.push(block);
      stack.push(block);
    } else this.i++;
  }

  /** Identifiers and quoted strings up to whatever follows them on the line. */
  private readLabels(): string[] {
    const { text, n } = this;
    const labels: string[] = [];
    while (this.i < n) {
      const d = text[this.i]!;
      if (d === " " || d === "\t") this.i++;
      else if (d === '"') {
        const from = this.i;
        this.skipString();
        labels.push(text.slice(from + 1, this.i - 1));
      } else if (IDENT.test(d)) {
        const from = this.i;
        while (this.i < n && IDENT.test(text[this.i]!)) this.i++;
        labels.push(text.slice(from, this.i));
      } else break;
    }
    return labels;
  }

  /** At the opening quote; handles escapes and ${ } interpolations (which may hold quotes). */
  private skipString(): void {
    const { text, n } = this;
    this.i++;
    let depth = 0;
    while (this.i < n) {
      const c = text[this.i]!;
      if (c === "\n") this.line++;
      if (c === "\\") this.i += 2;
      else if (c === "$" && text[this.i + 1] === "{") {
        depth++;
        this.i += 2;
      } else if (c === "}" && depth > 0) {
        depth--;
        this.i++;
      } else if (c === '"' && depth === 0) {
        this.i++;
        return;
      } else this.i++;
    }
  }

  private skipComment(): boolean {
    const { text, n } = this;
    const c = text[this.i];
    if (c === "#" || (c === "/" && text[this.i + 1] === "/")) {
      while (this.i < n && text[this.i] !== "\n") this.i++;
      return true;
    }
    if (c === "/" && text[this.i + 1] === "*") {
      const end = text.indexOf("*/", this.i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = this.i; k < stop; k++) if (text[k] === "\n") this.line++;
      this.i = stop;
      return true;
    }
    return false;
  }

  /** At `<<`; the body ends at a line holding only the delimiter. */
  private skipHeredoc(): void {
    const { text, n } = this;
    const match = /^<<-?\s*([A-Za-z_]\w*)/.exec(text.slice(this.i, this.i + 100));
    if (!match) {
      this.i += 2;
      return;
    }
    const delimiter = match[1]!;
    this.i += match[0].length;
    while (this.i < n) {
      const next = text.indexOf("\n", this.i);
      if (next < 0) {
        this.i = n;
        return;
      }
      this.line++;
      this.i = next + 1;
      const end = text.indexOf("\n", this.i);
      if (text.slice(this.i, end < 0 ? n : end).trim() === delimiter) {
        this.i = end < 0 ? n : end;
        return;
      }
    }
  }

  /** Reads an attribute value up to the end of its line at bracket depth 0. */
  private readValue(): string {
    const { text, n } = this;
    const start = this.i;
    let depth = 0;
    while (this.i < n) {
      const c = text[this.i]!;
      const at = this.i;
      if (c === '"') this.skipString();
      else if (c === "<" && text[this.i + 1] === "<") this.skipHeredoc();
      else if (this.skipComment()) {
        // A comment at depth 0 ends the value (`x = 0 # why`).
        if (depth === 0) return text.slice(start, at).trim();
      } else if (c === "(" || c === "[" || c === "{") {
        depth++;
        this.i++;
      } else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) break;
        depth--;
        this.i++;
      } else if (c === "\n") {
        if (depth === 0) break;
        this.line++;
        this.i++;
      } else this.i++;
    }
    return text.slice(start, this.i).trim();
  }
}
