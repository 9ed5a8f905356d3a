import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { viewModelOf, type ViewModelOptions } from "./view-model.ts";
import type { AuditReport } from "./schema.ts";

/**
 * The UI bundle (src/ui, built by Vite during `npm ci`/`prepare` into dist/ui). From src/report and
 * from dist/report the same relative address leads to <package>/dist/ui, so the CLI finds it
 * whether it runs the TypeScript sources or the build.
 */
export const UI_DIR = fileURLToPath(new URL("../../dist/ui/", import.meta.url));

export class UiBundleMissingError extends Error {
  constructor(dir: string) {
    super(
      `the HTML report's UI bundle is missing from ${dir}: run \`npm run build:ui\` (npm ci does it)`,
    );
    this.name = "UiBundleMissingError";
  }
}

export interface UiBundle {
  js: string;
  css: string;
}

let cached: UiBundle | undefined;

export function loadUiBundle(dir: string = UI_DIR): UiBundle {
  if (cached && dir === UI_DIR) return cached;
  const js = `${dir}/debtlens-ui.js`;
  const css = `${dir}/debtlens-ui.css`;
  if (!existsSync(js)) throw new UiBundleMissingError(dir);
  const bundle = {
    js: readFileSync(js, "utf8"),
    css: existsSync(css) ? readFileSync(css, "utf8") : "",
  };
  if (dir === UI_DIR) cached = bundle;
  return bundle;
}

/**
 * Text placed inside <script> must not close it early nor open an HTML comment: `</script` and
 * `<!--` are broken with a backslash, which JavaScript reads back as the same characters.
 */
export function escapeScript(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** JSON inside a `type="application/json"` script: `<` never appears raw, so nothing can close the tag. */
export function escapeJsonForHtml(json: string): string {
  return json
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function escapeText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export interface HtmlOptions extends ViewModelOptions {
  bundle?: UiBundle;
}

/**
 * The page's Content-Security-Policy. Its one script is allowed by the SHA-256 of its text, not by
 * 'unsafe-inline': should a hostile file name ever reach the page as markup, an inline handler
 * (`onerror=`, `onload=`), an injected <script> or a javascript: URL still cannot run. Nothing is
 * fetched; styles stay inline (the stylesheet, and the style attributes ECharts writes into its
 * tooltips), which can colour the page but run nothing. base-uri and form-action are not covered
 * by default-src, so they are closed as well.
 */
export function contentSecurityPolicy(inlineScript: string): string {
  const hash = createHash("sha256").update(inlineScript, "utf8").digest("base64");
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** One self-contained page: the UI's script and styles and the report's view model, inlined; no network. */
export function formatHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const bundle = options.bundle ?? loadUiBundle();
  const data = escapeJsonForHtml(JSON.stringify(viewModelOf(report, options)));
  const script = escapeScript(bundle.js);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(script)}">
<title>debtlens · ${escapeText(report.root)}</title>
<style>${bundle.css.replace(/<\/(style)/gi, "<\\/$1")}</style>
</head>
<body>
<div id="app"><noscript>This report needs JavaScript to draw its charts and table.</noscript></div>
<script type="application/json" id="debtlens-data">${data}</script>
<script>${script}</script>
</body>
</html>
`;
}
