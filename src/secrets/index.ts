export { SECRET_FORMATS, type SecretFormat } from "./formats.ts";
export {
  scanText,
  scanCodeStrings,
  isSecretName,
  isLikelySecretValue,
  shannonEntropy,
  redact,
  inlineAllowed,
  DEFAULT_SCAN_OPTIONS,
  type SecretMatch,
  type ScanOptions,
  type CodeString,
} from "./scan.ts";
export { secretHash } from "./hash.ts";
export { isPlaceholder, isPlaceholderCredential, notASecret } from "./placeholders.ts";
export { scanHistory, type HistorySecret } from "./history.ts";
export {
  contextOf,
  holdsCredentials,
  isDefaultsFile,
  pathScope,
  quietAt,
  SECRET_CONTEXT_WHERE,
} from "./context.ts";
