/**
 * A file's text without its comments, for the quick text tests that decide whether a rule looks
 * at a file at all (does it call `eval`, read `req.body`, register `app.get(`). A word that only
 * a comment holds is not code the rule could report, and comments are a large part of many
 * codebases (40% of effect's src/, its JSDoc): each such test reads that much less.
 */
interface Comment {
  start: number;
  end: number;
}

/** `text` with each comment replaced by one space (so that the code around it stays apart). */
export function codeText(text: string, comments: readonly Comment[]): string {
  if (comments.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (const comment of comments) {
    if (comment.start < from) continue;
    parts.push(text.slice(from, comment.start));
    from = comment.end;
  }
  parts.push(text.slice(from));
  return parts.join(" ");
}
