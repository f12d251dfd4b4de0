// Security headers that do not depend on the request. Plain JavaScript so next.config.mjs can import it
// (it applies them to API responses and static files, which proxy.ts skips); proxy.ts adds them to pages.

/** Headers every response carries. */
export const BASE_SECURITY_HEADERS = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
});

/**
 * API responses are data (JSON, Markdown, attachments), never a document to run: nothing may load or
 * execute in them even when opened directly in a tab, and `sandbox` gives them an opaque origin.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** HSTS only makes sense (and is only honoured) over HTTPS; behind a TLS proxy it says so in X-Forwarded-Proto. */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/** next.config.mjs `headers()` entries: every path gets the base headers, API paths the data-only CSP. */
export function staticSecurityHeaderRules() {
  const base = Object.entries(BASE_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
  return [
    { source: "/:path*", headers: base },
    { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    {
      source: "/:path*",
      has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
      headers: [{ key: "Strict-Transport-Security", value: HSTS_VALUE }],
    },
  ];
}
