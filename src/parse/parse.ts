import { createRequire } from "node:module";
import type { Comment, EcmaScriptModule, Program } from "oxc-parser";
import type { Language } from "./language.ts";
import { lineAt, lineStarts } from "./lines.ts";

export interface ParsedFile {
  program: Program;
  comments: Comment[];
  /** Imports and exports as the parser found them (no second walk needed to list them). */
  module: EcmaScriptModule;
  /** First fatal parse error, if any: the file is then reported, not analysed. */
  error?: { message: string; line: number };
  lineStarts: Uint32Array;
}

type OxcParser = typeof import("oxc-parser");

const EMPTY_PROGRAM = {
  type: "Program",
  body: [],
  sourceType: "module",
  hashbang: null,
  start: 0,
  end: 0,
} as unknown as Program;
const EMPTY_MODULE: EcmaScriptModule = {
  hasModuleSyntax: false,
  staticImports: [],
  staticExports: [],
  dynamicImports: [],
  importMetas: [],
};
let oxc: OxcParser | undefined;
let useRawTransfer = false;

/**
 * Loads the parser on first use, so that an audit served entirely from the cache never pays for
 * loading the native addon. Raw transfer deserialises the AST from a shared buffer instead of a
 * JSON string: about 2.5x faster on effect's src/ here. It needs Node 22+; older runtimes fall
 * back to the default transfer.
 */
export function parser(): OxcParser {
  if (!oxc) {
    oxc = createRequire(import.meta.url)("oxc-parser") as OxcParser;
    useRawTransfer = oxc.rawTransferSupported();
  }
  return oxc;
}

/** `starts`: the text's line starts, when the caller has them already (computed once per file). */
export function parseSource(
  path: string,
  text: string,
  lang: Language,
  starts: Uint32Array = lineStarts(text),
): ParsedFile {
  const { parseSync } = parser();
  const options = {
    lang,
    sourceType: "unambiguous" as const,
    preserveParens: false,
    // TypeScript is parsed with the JavaScript AST shape: type annotations, a third of effect's
    // nodes, are neither deserialised nor walked (about 0.3 s of a cold audit of its src/).
    // TypeScript's own declarations and expressions (interfaces, type aliases, enums, `as`)
    // stay; explicit `any` is found from the text (src/rules/quality/explicit-any.ts). A
    // declaration file is nothing but types: it keeps them.
    ...(lang === "dts" ? {} : { astType: "js" as const }),
    ...(useRawTransfer ? { experimentalRawTransfer: true } : {}),
  };
  let result: ReturnType<OxcParser["parseSync"]>;
  try {
    result = parseSync(path, text, options);
  } catch (error) {
    // Deserialising the AST recurses in JavaScript: a long `a + a + ...` or member chain, which
    // the native parser handles in a loop, can overflow the JavaScript stack (a RangeError).
    // The file becomes a parse error of its own; the audit goes on.
    return {
      program: EMPTY_PROGRAM,
      comments: [],
      module: EMPTY_MODULE,
      error: { message: `too deeply nested to read (${(error as Error).message})`, line: 1 },
      lineStarts: starts,
    };
  }
  const parsed: ParsedFile = {
    program: result.program,
    comments: result.comments,
    module: result.module,
    lineStarts: starts,
  };
  const fatal = result.errors.find((e) => e.severity === "Error");
  if (fatal) {
    const at = fatal.labels[0]?.start ?? 0;
    parsed.error = { message: fatal.message, line: lineAt(starts, at) };
  }
  return parsed;
}
