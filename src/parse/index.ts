export { languageOf, type Language } from "./language.ts";
export { lineStarts, lineAt } from "./lines.ts";
export { parseSource, parser, type ParsedFile } from "./parse.ts";
export { MAX_NESTING, nestingDepth, type NestingScan } from "./depth.ts";
export { codeText } from "./code-text.ts";
