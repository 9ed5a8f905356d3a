// The check that keeps explicit-any.ts honest, shared by its test and by `npm run bench`: the
// offsets the text scan finds, parsing as the engine does, against the TypeScript AST's own
// `any` keywords.
import { buildDispatch, traverse, type AstNode } from "../../src/engine/index.ts";
import { parser, parseSource } from "../../src/parse/index.ts";
import { anyScanHandlers, explicitAnyOffsets } from "../../src/rules/quality/explicit-any.ts";

const languageOf = (path: string) => (path.endsWith("x") ? "tsx" : "ts");

/** What debt-marker finds: the engine's parse (no type annotations), then the text scan. */
export function scannedAnyOffsets(path: string, text: string): number[] {
  const { program, comments } = parseSource(path, text, languageOf(path));
  const skipped: AstNode[] = [...(comments as unknown as AstNode[])];
  traverse(program as unknown as AstNode, buildDispatch([anyScanHandlers(skipped)]));
  return explicitAnyOffsets({ text, skipped });
}

/** The reference: a parse with TypeScript's AST shape and its `TSAnyKeyword` nodes. */
export function typeScriptAnyOffsets(path: string, text: string): number[] {
  // Raw transfer, as the engine parses: offsets in UTF-16 for any text.
  const options: object = {
    lang: languageOf(path),
    sourceType: "unambiguous",
    preserveParens: false,
    experimentalRawTransfer: true,
  };
  const { program } = parser().parseSync(path, text, options);
  const found: number[] = [];
  traverse(
    program as unknown as AstNode,
    buildDispatch([{ TSAnyKeyword: (n) => void found.push(n.start) }]),
  );
  return found.sort((a, b) => a - b);
}
