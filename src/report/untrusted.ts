/**
 * Text from the audited repository (file names, messages quoting its code, symbols) is hostile:
 * these functions make it inert in each place a reporter puts it. Each is pure and total.
 */

// An escape sequence: CSI (ESC [ or the C1 byte 0x9B, parameters, one final byte), OSC, DCS, SOS,
// PM and APC strings (up to BEL or ST), or ESC and one more character.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex
  /(?:\x1b\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[\x20-\x7e]?/g;
// Line breaks and tabs would let a message start a line of its own (a fake "gate: PASSED", or a
// GitHub Actions `::command::` in a CI log): they become one space.
const LINE_BREAKS = /[\t\n\v\f\r\x85\u2028\u2029]+/g;
// Every other C0 and C1 control and DEL, and the bidirectional overrides and isolates, which
// reorder what a reader sees (Trojan Source).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal or a CI log: escape sequences removed whole (colour, cursor moves, title
 * and hyperlink OSCs, screen clears), line breaks flattened to a space, other controls dropped.
 */
export function terminalText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(LINE_BREAKS, " ").replace(CONTROLS, "");
}

// The ASCII punctuation that gives Markdown text a meaning inside a line (CommonMark lets a
// backslash escape any of it): links and images `[` `]` (a `!` or `(` without them is plain),
// emphasis and strikethrough `*` `_` `~`, code `` ` ``, headings `#`, table cells `|`, and `\`
// itself; `:` as well, since GitHub turns a bare `https://...` into a link and an escaped colon
// stops it. `<`, `>` and `&` become entities so that neither HTML nor an entity reaches the page.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]#|~:]/g;
// `www.example.com` is a link on GitHub too.
const WWW = /\b(www)\./gi;
// GitHub turns @user, @org/team and #123 into mentions (which notify) and references; a zero-width
// joiner after the sign breaks the match and is invisible.
const MENTION = /([@#])(?=[\p{L}\p{N}_-])/gu;

/**
 * Text for Markdown prose or a table cell: one line, at most `max` characters, every character
 * with Markdown meaning escaped, HTML as entities, mentions and issue references neutralised.
 */
export function markdownText(text: string, max = 240): string {
  const flat = terminalText(text).replace(/\s+/g, " ").trim();
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return short
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(MARKDOWN_PUNCTUATION, "\\$&")
    .replace(WWW, "$1\\.")
    .replace(MENTION, "$1\u200d");
}

/**
 * Text for a Markdown code span: nothing inside one is Markdown, a link, an entity or a mention,
 * so only what could end it (a backtick) or the table cell (a pipe, which GitHub splits on even
 * inside code) is changed.
 */
export function markdownCode(text: string, max = 240): string {
  const flat = terminalText(text).replace(/\s+/g, " ").trim();
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return `\`${short.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

// encodeURIComponent throws on half a surrogate pair; it becomes U+FFFD as a UTF-8 decoder would.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A relative path as a URI reference (SARIF's artifactLocation.uri): each segment percent-encoded,
 * so `a#b.js` stays a file and not a fragment, and `javascript:x.js` stays relative instead of
 * becoming a URI with a scheme.
 */
export function pathUri(path: string): string {
  return path.replace(LONE_SURROGATE, "\uFFFD").split("/").map(encodeURIComponent).join("/");
}

/** Whether a link is safe to offer a reader: http: or https: only (no javascript:, data:, file:). */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}
