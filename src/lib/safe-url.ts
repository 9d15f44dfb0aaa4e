/**
 * Every URL the SPA renders as a link or a media source comes from the network: customers, bots and Meta's CDN.
 * Only an absolute http(s) URL may become an href or a src; anything else (javascript:, data:, vbscript:, file:,
 * blob:, relative or protocol-relative paths, entity-encoded or obfuscated schemes) is shown as text instead.
 */
const WEB_SCHEMES = new Set(["http:", "https:"]);

/**
 * Characters the URL parser would silently drop (tab, line feed, carriage return anywhere; C0 controls and spaces
 * at either end): "java\nscript:" or "\u0001javascript:" would be read as another string than the one shown, so a
 * URL that contains them is refused rather than repaired. Also DEL and the C1 controls, which no real URL carries.
 */
function hasHiddenCharacters(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return raw.trim() !== raw;
}

/**
 * The URL, serialised by the WHATWG URL parser, when it is an absolute http: or https: URL with a host; else null.
 * Render the returned string (not the raw one): it is exactly what was checked.
 */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (typeof raw !== "string" || raw === "" || hasHiddenCharacters(raw)) return null;
  // No base: a relative or protocol-relative string ("//evil.example", "/\\evil.example") does not parse at all.
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!WEB_SCHEMES.has(url.protocol) || url.hostname === "") return null;
  // The parser forgives "https:evil.example", "https:\\\\evil.example" and "https:///evil.example" (it reads any run of
  // slashes and backslashes as "//"): refuse what does not spell out exactly "scheme://host", as every URL Meta sends does.
  const afterScheme = raw.slice(url.protocol.length, url.protocol.length + 3);
  if (!afterScheme.startsWith("//") || afterScheme[2] === "/" || afterScheme[2] === "\\") return null;
  return url.href;
}
