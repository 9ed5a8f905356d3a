export type Language = "js" | "jsx" | "ts" | "tsx" | "dts";

const BY_EXTENSION: Record<string, Language> = {
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
};

/** The parser language for a path, or undefined when the file is not JavaScript or TypeScript. */
export function languageOf(path: string): Language | undefined {
  if (/\.d\.[cm]?ts$/.test(path)) return "dts";
  const dot = path.lastIndexOf(".");
  if (dot < 0) return undefined;
  return BY_EXTENSION[path.slice(dot).toLowerCase()];
}
