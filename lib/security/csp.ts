import { BASE_SECURITY_HEADERS, HSTS_VALUE } from "./static-headers.mjs";

/**
 * The page Content-Security-Policy. Scripts: only those carrying this request's nonce (Next.js puts it
 * on its own inline and chunk scripts) and what they load ('strict-dynamic' — mermaid is a dynamic
 * import). Styles: mermaid writes a <style> element into every SVG it draws and React sets style
 * attributes, neither of which can carry a nonce, so inline styles stay allowed — styles cannot run
 * code. No 'unsafe-eval' outside development (React's dev build needs it for error overlays).
 */
export function pageContentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  const scriptSources = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${scriptSources.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
  ].join("; ");
}

/** A fresh unguessable nonce per request (128 bits, base64). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Whether the request reached us over HTTPS, directly or through a TLS-terminating proxy. */
export function isHttps(url: URL, headers: Headers): boolean {
  return url.protocol === "https:" || headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** Every header a page response carries, CSP included. */
export function pageSecurityHeaders(nonce: string, https: boolean, development = false): Record<string, string> {
  return {
    ...BASE_SECURITY_HEADERS,
    "Content-Security-Policy": pageContentSecurityPolicy(nonce, { development }),
    ...(https ? { "Strict-Transport-Security": HSTS_VALUE } : {}),
  };
}
