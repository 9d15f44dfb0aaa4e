import { describe, expect, it } from "vitest";
import { safeHttpUrl } from "@/lib/safe-url.ts";

/** One row per case: what a customer, a bot or Meta may send, and what the SPA may render as an href or a src. */
const rows: [why: string, raw: string | null | undefined, rendered: string | null][] = [
  // Web addresses become links, serialised by the URL parser.
  ["a plain https URL", "https://shop.example/cart?id=42", "https://shop.example/cart?id=42"],
  [
    "a plain http URL",
    "http://127.0.0.1:3000/graph/cdn/avatar/7.svg",
    "http://127.0.0.1:3000/graph/cdn/avatar/7.svg",
  ],
  [
    "Meta's CDN with a long signed query",
    "https://scontent.xx.fbcdn.net/v/t1.15752-9/1_n.jpg?_nc_cat=1&oh=00_AbC&oe=6650",
    "https://scontent.xx.fbcdn.net/v/t1.15752-9/1_n.jpg?_nc_cat=1&oh=00_AbC&oe=6650",
  ],
  ["an upper-case scheme and host, normalised", "HTTPS://Shop.Example/Path", "https://shop.example/Path"],
  ["a mixed-case scheme", "hTtP://shop.example", "http://shop.example/"],
  ["a space in the path, percent-encoded", "https://shop.example/a b", "https://shop.example/a%20b"],
  [
    "markup in the query, percent-encoded",
    'https://shop.example/?q="><script>alert(1)</script>',
    "https://shop.example/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
  ],
  [
    "javascript: in the query of a web URL stays a web URL",
    "https://shop.example/?next=javascript:alert(1)",
    "https://shop.example/?next=javascript:alert(1)",
  ],
  ["a fragment", "https://shop.example/p/1#reviews", "https://shop.example/p/1#reviews"],
  ["an international domain, in punycode", "https://bücher.example/", "https://xn--bcher-kva.example/"],
  ["a port", "https://shop.example:8443/", "https://shop.example:8443/"],
  ["an IPv6 host", "http://[::1]:3000/x", "http://[::1]:3000/x"],
  ["credentials before the host", "https://user@shop.example/", "https://user@shop.example/"],

  // Nothing at all.
  ["null", null, null],
  ["undefined", undefined, null],
  ["an empty string", "", null],
  ["only spaces", "   ", null],

  // Other schemes.
  ["javascript:", "javascript:alert(1)", null],
  ["javascript: in odd casing", "JaVaScRiPt:alert(document.domain)", null],
  ["javascript: with a comment-style body", "javascript://%0Aalert(1)", null],
  ["javascript: with a leading space", " javascript:alert(1)", null],
  ["javascript: with a leading tab", "\tjavascript:alert(1)", null],
  ["javascript: with a leading newline", "\njavascript:alert(1)", null],
  ["javascript: with a leading NUL", "\u0000javascript:alert(1)", null],
  ["javascript: with a leading C0 control", "\u0001javascript:alert(1)", null],
  ["javascript: split by a tab", "java\tscript:alert(1)", null],
  ["javascript: split by a newline", "java\nscript:alert(1)", null],
  ["javascript: split by a carriage return", "java\rscript:alert(1)", null],
  ["javascript: after a no-break space", "\u00a0javascript:alert(1)", null],
  ["javascript: after a zero-width space", "\u200bjavascript:alert(1)", null],
  ["javascript: with a fullwidth letter", "ｊavascript:alert(1)", null],
  ["javascript: entity-encoded (decimal)", "&#106;avascript:alert(1)", null],
  [
    "javascript: entity-encoded (hex, no semicolons)",
    "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)",
    null,
  ],
  ["javascript: with an entity colon", "javascript&colon;alert(1)", null],
  ["javascript: percent-encoded", "%6Aavascript:alert(1)", null],
  ["data: HTML", "data:text/html,<script>alert(1)</script>", null],
  ["data: HTML in base64, odd casing", "DaTa:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", null],
  ["data: image (SVG can carry script)", "data:image/svg+xml,<svg onload=alert(1)>", null],
  ["data: with a leading space", " data:text/html,x", null],
  ["vbscript:", "vbscript:msgbox(1)", null],
  ["vbscript: in odd casing", "VbScRiPt:msgbox(1)", null],
  ["file:", "file:///etc/passwd", null],
  ["blob:", "blob:https://shop.example/6d1c0a36-0000-4000-8000-000000000000", null],
  ["filesystem:", "filesystem:https://shop.example/temporary/x", null],
  ["view-source:", "view-source:https://shop.example/", null],
  ["about:", "about:blank", null],
  ["mailto:", "mailto:help@shop.example", null],
  ["tel:", "tel:+15551234567", null],
  ["ftp:", "ftp://shop.example/file", null],
  ["ws:", "ws://shop.example/socket", null],
  ["an unknown scheme", "intent://scan/#Intent;scheme=zxing;end", null],

  // Relative, protocol-relative and malformed.
  ["protocol-relative", "//evil.example/x", null],
  ["protocol-relative with a backslash", "/\\evil.example/x", null],
  ["backslashes only", "\\\\evil.example\\x", null],
  ["a root-relative path", "/api/conversations", null],
  ["a relative path", "cart?id=42", null],
  ["a bare host", "shop.example", null],
  ["a scheme without slashes", "https:evil.example", null],
  ["a scheme with one slash", "https:/evil.example", null],
  ["a scheme with backslashes", "https:\\\\evil.example", null],
  ["a scheme with a slash and a backslash", "https:/\\evil.example", null],
  ["http with no host", "http://", null],
  ["three slashes", "http:///evil.example/x", null],
  ["two slashes and a backslash", "https://\\evil.example/x", null],
  ["an invalid host", "https://exa mple.com/", null],
  ["a trailing space", "https://shop.example/ ", null],
  ["a trailing newline", "https://shop.example/\n", null],
  ["a newline inside", "https://shop.ex\nample/", null],
  ["a tab inside", "ht\ttps://shop.example/", null],
  ["a DEL inside", "https://shop.example/\u007f", null],
  ["a C1 control inside", "https://shop.example/\u0085", null],
  ["markup, not a URL", "<script>alert(1)</script>", null],
  ["an img tag, not a URL", '<img src=x onerror="alert(1)">', null],
  ["a template string, not a URL", "{{constructor.constructor('alert(1)')()}}", null],
];

describe("safeHttpUrl", () => {
  it.each(rows)("%s", (_why, raw, rendered) => {
    expect(safeHttpUrl(raw)).toBe(rendered);
  });

  it("never returns anything but an absolute http(s) URL", () => {
    for (const [, raw] of rows) {
      const out = safeHttpUrl(raw);
      if (out !== null) expect(out).toMatch(/^https?:\/\/[^/\\\s]/);
    }
  });
});
