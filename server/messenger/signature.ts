import { createHmac, timingSafeEqual } from "node:crypto";

/** The value Meta puts in X-Hub-Signature-256 for a body: `sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export function signBody(appSecret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

/** Checks X-Hub-Signature-256 against the raw bytes, in constant time. */
export function verifySignature(
  appSecret: string,
  rawBody: Uint8Array,
  header: string | undefined | null,
): boolean {
  if (!header) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].toLowerCase(), "hex");
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
