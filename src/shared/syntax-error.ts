/** "line 3, column 7" for a JSON or YAML syntax error, without any of the text. */
export function syntaxErrorPlace(text: string, error: unknown): string {
  const yamlPlace = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
  if (yamlPlace) return `line ${yamlPlace.line}, column ${yamlPlace.col}`;
  const position = /position (\d+)/.exec((error as Error).message ?? "");
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
  }
  return "syntax error";
}
