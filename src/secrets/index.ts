export { SECRET_FORMATS, type SecretFormat } from "./formats.ts";
export {
  scanText,
  scanCodeStrings,
  isSecretName,
  isLikelySecretValue,
  shannonEntropy,
  secretHash,
  redact,
  inlineAllowed,
  DEFAULT_SCAN_OPTIONS,
  type SecretMatch,
  type ScanOptions,
  type CodeString,
} from "./scan.ts";
export { scanHistory, type HistorySecret } from "./history.ts";
