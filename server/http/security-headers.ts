import type { MiddlewareHandler } from "hono";

/**
 * Headers on every response. HTML (the SPA) gets a strict Content-Security-Policy: scripts only from Baton's own
 * origin (no inline script), and frame-ancestors exactly the configured embedding hosts, or 'none'. Everything else
 * gets `default-src 'none'` so a file served by mistake cannot run anything. API answers carry customer data and
 * are never cached. No X-Frame-Options: it cannot name several hosts and would contradict frame-ancestors.
 */
export function securityHeaders(options: {
  frameAncestors: () => readonly string[];
  extraScriptSources?: () => readonly string[];
}): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const ancestors = options.frameAncestors();
    const frameAncestors = `frame-ancestors ${ancestors.length > 0 ? ancestors.join(" ") : "'none'"}`;
    const type = c.res.headers.get("content-type") ?? "";
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Referrer-Policy", "no-referrer");
    if (type.startsWith("text/html")) {
      const scripts = ["'self'", ...(options.extraScriptSources?.() ?? [])].join(" ");
      c.res.headers.set(
        "Content-Security-Policy",
        [
          "default-src 'self'",
          `script-src ${scripts}`,
          // React sets style attributes (virtual lists position rows with them); no stylesheet comes from elsewhere.
          "style-src 'self' 'unsafe-inline'",
          // Customers' pictures, stickers and files come from Meta's CDN over https.
          "img-src 'self' https: data: blob:",
          "media-src 'self' https: blob:",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          frameAncestors,
        ].join("; "),
      );
    } else {
      c.res.headers.set("Content-Security-Policy", `default-src 'none'; ${frameAncestors}`);
    }
    if (c.req.path.startsWith("/api/")) c.res.headers.set("Cache-Control", "no-store");
  };
}
