import { createHmac, randomBytes } from "node:crypto";

/** A random token for a cookie, a bearer header or a one-time link: 32 bytes, base64url (43 characters). */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What the database keeps of a token: its HMAC under SESSION_SECRET. A copy of the database (or of a backup)
 * then signs nobody in, and lookups stay a primary-key read.
 */
export function tokenId(secret: string, token: string): string {
  return createHmac("sha256", secret).update(token).digest("base64url");
}
