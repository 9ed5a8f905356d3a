import { createHash } from "node:crypto";

/** First 16 hex digits of a secret's SHA-256: compare or allow-list a value without storing it. */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 16);
}
