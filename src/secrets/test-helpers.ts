import { analyzeFile, type ActiveRule, type Rule } from "../engine/index.ts";
import type { Finding } from "../findings/index.ts";

/** Runs one rule on one file through the engine, as the audit would (parse, traverse, text stage). */
export function runRuleOnFile(
  rule: Rule<unknown>,
  path: string,
  text: string,
  options: Record<string, unknown> = {},
): Finding[] {
  const active: ActiveRule = {
    rule,
    severity: rule.severity,
    severityConfigured: false,
    options: rule.options.parse(options),
  };
  const result = analyzeFile(path, new TextEncoder().encode(text), "test", [active]);
  if (result.errors.length)
    throw new Error(result.errors.map((e) => `${e.rule}: ${e.message}`).join("; "));
  return result.findings.filter((f) => f.rule === rule.id);
}

/** A deterministic generator of random-looking strings, so test secrets are built at run time. */
export function randomChars(seed: number): (alphabet: string, length: number) => string {
  let state = seed >>> 0 || 1;
  return (alphabet, length) => {
    let out = "";
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out += alphabet[state % alphabet.length];
    }
    return out;
  };
}

export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const UPPER_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const HEX = "0123456789abcdef";
export const B64 = ALNUM + "+/";
export const URLSAFE = ALNUM + "_-";
