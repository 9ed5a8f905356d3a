/**
 * Hosts that name nobody's machine: documentation's `host`, `your-host`, `<cluster>`, `${HOST}`,
 * `example.com`, and the made-up `dummy.com`, `placeholder.org`, `my-domain.com`. A connection
 * string to one holds no live credential (secrets); a URL to one is never requested
 * (insecure transport).
 */
const PLACEHOLDER_HOST =
  /^(?:host(?:name)?|server|my[-_]?host|db[-_]?host|your[-_].*|<.*>|\$\{.*\}|\{\{.*\}\}|(?:[\w-]+\.)*example\.(?:com|org|net)|(?:www\.)?(?:dummy|placeholder|fake|foo|bar|baz|noop|base|my-?(?:domain|host|site|app))\.[a-z]{2,})$/i;

export function isPlaceholderHost(host: string): boolean {
  return PLACEHOLDER_HOST.test(host);
}
