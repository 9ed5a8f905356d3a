import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { isPlaceholderHost, isTestFile } from "../../shared/index.ts";

/** Hosts that never carry production traffic: loopback, private and link-local addresses, reserved names. */
const LOCAL_HOST =
  /^(localhost|0\.0\.0\.0|127(\.\d+){3}|10(\.\d+){3}|192\.168(\.\d+){2}|172\.(1[6-9]|2\d|3[01])(\.\d+){2}|169\.254(\.\d+){2}|\[[0-9a-f:]*\])$|\.(local|localhost|internal|test|example|invalid|lan|home\.arpa|svc|localdomain)$|(^|\.)example\.(com|net|org)$/;
/** XML/RDF namespaces, schema identifiers and licence URLs: names, never fetched. */
const NAMESPACE_HOST = new Set([
  "www.w3.org",
  "w3.org",
  "json-schema.org",
  "schemas.xmlsoap.org",
  "schemas.microsoft.com",
  "schemas.openxmlformats.org",
  "schemas.android.com",
  "purl.org",
  "xmlns.com",
  "ns.adobe.com",
  "www.opengis.net",
  "docbook.org",
  "www.sitemaps.org",
  "ogp.me",
  "schema.org",
  "www.apache.org",
  "opensource.org",
  "www.gnu.org",
  "java.sun.com",
  "xml.org",
  "exslt.org",
  "www.idpf.org",
  "creativecommons.org",
  "www.inkscape.org",
  "sodipodi.sourceforge.net",
  "www.topografix.com",
  "docs.oasis-open.org",
  "relaxng.org",
  "rdfs.org",
  "www.xbrl.org",
  "www.google.com",
]);
const URL_START = /^\s*http:\/\/([^/\s:?#'"`\\]*)/i;

/** The insecure host a string starts with, or undefined (prose that mentions a URL is left alone). */
export function insecureHost(value: string): string | undefined {
  // Most strings start with neither "h" nor white space: skip the regular expression for them.
  const first = value.charCodeAt(0);
  if (first !== 104 && first !== 72 && first > 32 && first < 128) return undefined;
  const match = URL_START.exec(value);
  const host = match?.[1]?.toLowerCase();
  // No host, or a host finished by an interpolation (`http://${host}`, `http://api.${domain}`).
  if (!host || host.endsWith(".") || !host.includes(".")) return undefined;
  if (LOCAL_HOST.test(host) || NAMESPACE_HOST.has(host) || isPlaceholderHost(host))
    return undefined;
  return host;
}

export const insecureTransport = defineRule({
  id: "security/insecure-transport",
  category: "security",
  severity: "medium",
  remediationMinutes: 15,
  description: "`http://` URLs to non-local hosts in code or configuration.",
  rationale:
    "Plain HTTP sends requests, responses, tokens and cookies in clear text: anyone on the path can read or change them.",
  version: 3,
  options: z.strictObject({ allowHosts: z.array(z.string()).default([]) }),
  messages: {
    http: "http://{{host}} is reached without TLS: requests, tokens and responses travel in clear text and can be altered on the way. Use https://{{host}}.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    const allowed = new Set(ctx.options.allowHosts.map((h) => h.toLowerCase()));
    // The text must hold "http://" as written (not only once escapes are decoded). Searched only
    // when a string starts with a URL: searching every file before the walk cost more.
    let mentions: boolean | undefined;
    // `new URL(path, "http://x")`: a base to resolve a relative path against, never requested
    const parsingBases = new Set<AstNode>();
    const check = (value: string, node: AstNode) => {
      if (parsingBases.has(node)) return;
      const host = insecureHost(value);
      if (host && !allowed.has(host) && (mentions ??= ctx.text.includes("http://")))
        ctx.report({ messageId: "http", data: { host }, node, key: host });
    };
    return {
      NewExpression(node) {
        const callee = node.callee as AstNode;
        const base = (node.arguments as AstNode[])[1];
        if (callee.type === "Identifier" && callee.name === "URL" && base) parsingBases.add(base);
      },
      Literal(node) {
        if (typeof node.value === "string") check(node.value, node);
      },
      TemplateLiteral(node) {
        const first = (node.quasis as AstNode[])[0];
        const cooked = (first?.value as { cooked?: string } | undefined)?.cooked;
        if (cooked) check(cooked, node);
      },
    };
  },
  // Configuration: a value that is a URL (`KEY=http://…`, `key: http://…`, `"key": "http://…"`),
  // not prose that mentions one in a comment.
  textFiles: (path) => CONFIG_FILE.test(path) && !isTestFile(path),
  checkText(ctx) {
    if (!ctx.text.includes("http://")) return;
    const allowed = new Set(ctx.options.allowHosts.map((h) => h.toLowerCase()));
    let line = 0;
    for (const text of ctx.text.split("\n")) {
      line++;
      const value = CONFIG_VALUE.exec(text)?.[1];
      const host = value === undefined ? undefined : insecureHost(value);
      if (host && !allowed.has(host))
        ctx.report({ messageId: "http", data: { host }, startLine: line, key: host });
    }
  },
});

/** Configuration files whose values are deployed as they are: env files, YAML, JSON, TOML, INI. */
const CONFIG_FILE =
  /(^|\/)(\.env(\.[\w-]+)?|[^/]+\.(ya?ml|toml|ini|properties|conf))$|(^|\/)(config|settings|appsettings)[^/]*\.json$/i;
/** `key = value`, `key: value` or `"key": "value"` on a line that is not a comment. */
const CONFIG_VALUE = /^\s*(?![#;]|\/\/)["']?[\w.-]+["']?\s*[:=]\s*["']?(http:\/\/[^\s"']+)/;
