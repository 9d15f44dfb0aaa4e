/**
 * Strings a customer, a bot or an agent could send to try to run script in an agent's browser. Every payload that
 * ever executes calls `__xss("<its id>")` (the e2e spec installs a recording `window.__xss`; a few also call alert or
 * confirm, which the spec catches as dialogs). Used by e2e/xss.spec.ts (rendered in Chromium) and by
 * server/messenger/xss-payloads.test.ts (stored byte-for-byte).
 *
 * Rules for a payload: no U+0000 (PostgreSQL refuses it; the webhook refuses such an event whole) and no lone
 * surrogate (stored as U+FFFD), because both are changed before storage on purpose; and at most 19,000 characters
 * (Baton cuts customer texts past 20,000).
 */

export type XssKind =
  | "markup"
  | "handler"
  | "frame"
  | "url"
  | "web-url"
  | "template"
  | "encoding"
  | "unicode"
  | "mutation"
  | "long";

export interface XssPayload {
  /** Short and unique; the marker a payload reports if it runs. */
  id: string;
  kind: XssKind;
  /** What it tries. */
  note: string;
  value: string;
}

/** The global the payloads call; the spec defines it to record which ones ran. */
export const XSS_MARKER = "__xss";

const call = (id: string, quote: "'" | '"' = '"') => `${XSS_MARKER}(${quote}${id}${quote})`;
const base64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const entities = (s: string, hex = false) =>
  [...s].map((c) => (hex ? `&#x${c.charCodeAt(0).toString(16)};` : `&#${c.charCodeAt(0)};`)).join("");

const p = (id: string, kind: XssKind, note: string, value: (id: string) => string): XssPayload => ({
  id,
  kind,
  note,
  value: value(id),
});

export const xssCorpus: readonly XssPayload[] = [
  // Script elements, straight and breaking out of attributes, text areas and titles.
  p("s01", "markup", "a script element", (id) => `<script>${call(id)}</script>`),
  p(
    "s02",
    "markup",
    "a script element with a data: src, odd casing",
    (id) => `<SCRIPT SRC=data:text/javascript,${call(id)}></SCRIPT>`,
  ),
  p("s03", "markup", "breaking out of a double-quoted attribute", (id) => `"><script>${call(id)}</script>`),
  p(
    "s04",
    "markup",
    "breaking out of a single-quoted attribute",
    (id) => `'><script>${call(id, "'")}</script>`,
  ),
  p(
    "s05",
    "markup",
    "breaking out of a textarea and a title",
    (id) => `</textarea></title><script>${call(id)}</script>`,
  ),
  p(
    "s06",
    "markup",
    "a script element split by a comment",
    (id) => `<scr<!-- -->ipt>${call(id)}</scr<!-- -->ipt>`,
  ),

  // Event handlers.
  p("h01", "handler", "img onerror", (id) => `<img src=x onerror=${call(id)}>`),
  p(
    "h02",
    "handler",
    "img onerror, quoted, with alert",
    (id) => `<img src="x" onerror="${call(id, "'")};alert('${id}')" />`,
  ),
  p("h03", "handler", "img onerror in odd casing", (id) => `<IMG SRC=# oNeRrOr=${call(id)}>`),
  p(
    "h04",
    "handler",
    "img onerror running base64 through eval(atob())",
    (id) => `<img src=x onerror=eval(atob('${base64(call(id))}'))>`,
  ),
  p("h05", "handler", "svg onload", (id) => `<svg onload=${call(id)}>`),
  p(
    "h06",
    "handler",
    "svg/onload without a space, with confirm",
    (id) => `<svg/onload=${call(id)};confirm('${id}')>`,
  ),
  p(
    "h07",
    "handler",
    "svg animate onbegin",
    (id) => `<svg><animate onbegin=${call(id)} attributeName=x dur=1s>`,
  ),
  p("h08", "handler", "body onload", (id) => `<body onload=${call(id)}>`),
  p("h09", "handler", "details ontoggle", (id) => `<details open ontoggle=${call(id)}>`),
  p("h10", "handler", "input autofocus onfocus", (id) => `<input autofocus onfocus=${call(id)}>`),
  p("h11", "handler", "video source onerror", (id) => `<video><source onerror=${call(id)}></video>`),
  p("h12", "handler", "audio onerror", (id) => `<audio src=x onerror=${call(id)}>`),
  p(
    "h13",
    "handler",
    "an element covering the page with onmouseover",
    (id) => `<div onmouseover=${call(id)} style="position:fixed;inset:0">hover me</div>`,
  ),
  p(
    "h14",
    "handler",
    "style with a javascript: background",
    (id) => `<div style="background:url(javascript:${call(id, "'")})">x</div>`,
  ),

  // Frames, objects and documents.
  p(
    "f01",
    "frame",
    "iframe srcdoc with a script",
    (id) => `<iframe srcdoc="<script>parent.${call(id, "'")}</script>"></iframe>`,
  ),
  p(
    "f02",
    "frame",
    "iframe srcdoc entity-encoded",
    (id) => `<iframe srcdoc="&lt;img src=x onerror=parent.${call(id, "'")}&gt;"></iframe>`,
  ),
  p(
    "f03",
    "frame",
    "iframe with a javascript: src",
    (id) => `<iframe src="javascript:parent.${call(id, "'")}"></iframe>`,
  ),
  p(
    "f04",
    "frame",
    "object and embed with javascript: data",
    (id) => `<object data="javascript:${call(id, "'")}"></object><embed src="javascript:${call(id, "'")}">`,
  ),
  p(
    "f05",
    "frame",
    "meta refresh to javascript:",
    (id) => `<meta http-equiv="refresh" content="0;url=javascript:${call(id, "'")}">`,
  ),
  p(
    "f06",
    "frame",
    "base href and a form action",
    (id) =>
      `<base href="javascript:${call(id, "'")}//"><form action="javascript:${call(id, "'")}"><button>Go</button></form>`,
  ),
  p(
    "f07",
    "frame",
    "a link tag to javascript:",
    (id) => `<a href="javascript:${call(id, "'")}">click me</a>`,
  ),

  // URLs that are not web addresses (also sent as button, image, media and file URLs).
  p("u01", "url", "javascript:", (id) => `javascript:${call(id)}`),
  p("u02", "url", "javascript: in odd casing", (id) => `JaVaScRiPt:${call(id)}`),
  p("u03", "url", "javascript: after spaces and a tab", (id) => ` \t javascript:${call(id)}`),
  p("u04", "url", "javascript: after a C0 control", (id) => `\u0001javascript:${call(id)}`),
  p("u05", "url", "javascript: split by a newline and a tab", (id) => `java\nscr\tipt:${call(id)}`),
  p("u06", "url", "javascript: entity-encoded (decimal)", (id) => `${entities("javascript:")}${call(id)}`),
  p(
    "u07",
    "url",
    "javascript: entity-encoded (hex) with &colon;",
    (id) => `${entities("javascript", true)}&colon;${call(id)}`,
  ),
  p("u08", "url", "javascript: with a comment and an encoded newline", (id) => `javascript://%0A${call(id)}`),
  p(
    "u09",
    "url",
    "javascript: with alert, after a no-break space",
    (id) => `\u00a0javascript:${call(id)};alert('${id}')`,
  ),
  p("u10", "url", "data: HTML", (id) => `data:text/html,<script>opener&&opener.${call(id)}</script>`),
  p(
    "u11",
    "url",
    "data: HTML in base64, odd casing",
    (id) => `DaTa:text/html;base64,${base64(`<script>opener&&opener.${call(id)}</script>`)}`,
  ),
  p(
    "u12",
    "url",
    "data: SVG with onload",
    (id) => `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="${call(id, "'")}"/>`,
  ),
  p("u13", "url", "vbscript:", (id) => `vbscript:${call(id)}`),
  p("u14", "url", "vbscript: in odd casing", (id) => `VbScRiPt:MsgBox("${id}")`),
  p("u15", "url", "protocol-relative", (id) => `//evil.example/${id}`),
  p("u16", "url", "protocol-relative with a backslash", (id) => `/\\evil.example/${id}`),
  p("u17", "url", "https without slashes (parsers forgive it)", (id) => `https:evil.example/${id}`),
  p("u18", "url", "file:", (id) => `file:///etc/passwd#${id}`),
  p("u19", "url", "blob:", (id) => `blob:https://evil.example/${id}`),
  p("u20", "url", "a fullwidth javascript:", (id) => `ｊａｖａｓｃｒｉｐｔ：${call(id)}`),

  // Web addresses that carry markup: they may be links, but only as http(s) and percent-encoded.
  p(
    "w01",
    "web-url",
    "an https URL breaking out of an attribute",
    (id) => `https://shop.example/"><script>${call(id)}</script>`,
  ),
  p(
    "w02",
    "web-url",
    "an http URL with an svg in the query",
    (id) => `http://shop.example/?q=<svg/onload=${call(id)}>`,
  ),
  p(
    "w03",
    "web-url",
    "an https URL with javascript: in the fragment",
    (id) => `https://shop.example/#javascript:${call(id)}`,
  ),

  // Template and markdown syntax other frameworks would evaluate.
  p(
    "t01",
    "template",
    "Angular-style constructor escape",
    (id) => `{{constructor.constructor('${call(id)}')()}}`,
  ),
  p("t02", "template", "a JavaScript template literal", (id) => `\${${call(id)}}`),
  p("t03", "template", "EJS / ERB tags", (id) => `<%= ${call(id)} %>{{7*7}}`),
  p("t04", "template", "a markdown link to javascript:", (id) => `[click me](javascript:${call(id)})`),
  p("t05", "template", "a markdown image with onerror", (id) => `![x](x" onerror="${call(id, "'")})`),

  // Encodings a renderer must not decode.
  p(
    "e01",
    "encoding",
    "HTML entities of a script element",
    (id) => `&lt;script&gt;${call(id)}&lt;/script&gt;`,
  ),
  p(
    "e02",
    "encoding",
    "numeric entities of an img tag",
    (id) => `${entities("<img src=x onerror=")}${call(id)}${entities(">")}`,
  ),
  p("e03", "encoding", "percent-encoded markup", (id) => `%3Cscript%3E${call(id)}%3C%2Fscript%3E`),
  p(
    "e04",
    "encoding",
    "JavaScript escapes of markup",
    (id) => `\\u003cscript\\u003e${call(id)}\\u003c/script\\u003e`,
  ),

  // Unicode tricks.
  p("n01", "unicode", "fullwidth angle brackets", (id) => `＜script＞${call(id)}＜/script＞`),
  p(
    "n02",
    "unicode",
    "a right-to-left override before markup",
    (id) => `\u202e<img src=x onerror=${call(id)}>\u202c`,
  ),
  p(
    "n03",
    "unicode",
    "a zero-width space inside a tag name",
    (id) => `<scr\u200bipt>${call(id)}</scr\u200bipt>`,
  ),
  p(
    "n04",
    "unicode",
    "emoji, combining marks and markup",
    (id) => `😀👩🏽‍💻 Z̷̢a̵l̸g̴o <img src=x onerror=${call(id)}>`,
  ),
  p(
    "n05",
    "unicode",
    "line and paragraph separators in a script",
    (id) => `<script>\u2028${call(id)}\u2029</script>`,
  ),

  // Mutation XSS (markup that changes meaning when parsed twice).
  p(
    "m01",
    "mutation",
    "a comment hiding an img",
    (id) => `<!--<img src="--><img src=x onerror=${call(id)}//">`,
  ),
  p(
    "m02",
    "mutation",
    "noscript title breakout",
    (id) => `<noscript><p title="</noscript><img src=x onerror=${call(id)}>">`,
  ),
  p(
    "m03",
    "mutation",
    "math/style namespace confusion",
    (id) => `<math><mtext><table><mglyph><style><img src=x onerror=${call(id)}>`,
  ),
  p(
    "m04",
    "mutation",
    "a polyglot",
    (id) =>
      `javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+${call(id)}//'>`,
  ),

  // Very long strings.
  p("l01", "long", "the same img onerror, repeated to just under Messenger's 2,000 characters", (id) =>
    `<img src=x onerror=${call(id)}>`.repeat(60),
  ),
  p(
    "l02",
    "long",
    "12,000 characters of words, then a script",
    (id) => `${"lorem ipsum ".repeat(1000)}<script>${call(id)}</script>`,
  ),
  p(
    "l03",
    "long",
    "one unbroken 3,000-character word with markup inside",
    (id) => `${"W".repeat(1500)}<svg onload=${call(id)}>${"W".repeat(1500)}`,
  ),
];

/** Payloads short enough for an agent's reply and a canned reply (Messenger's 2,000 characters). */
export const fitsMessenger = (payload: XssPayload) =>
  payload.value.trim().length > 0 && payload.value.length <= 2000;
