import { NextResponse, type NextRequest } from "next/server";
import { createNonce, isHttps, pageSecurityHeaders } from "@/lib/security/csp";

/**
 * Next.js 16 proxy (formerly middleware): security headers and a per-request CSP nonce for pages.
 * Next.js reads the nonce from the request's Content-Security-Policy header and puts it on its scripts,
 * so the policy goes on the forwarded request as well as on the response. Only headers happen here.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = pageSecurityHeaders(nonce, isHttps(request.nextUrl, request.headers), process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * Pages only. API routes get their (static) headers from next.config.mjs instead: a proxy makes Next.js
 * buffer every request body (cut at proxyClientMaxBodySize), which would silently truncate large
 * uploads and imports and cost a copy of every write.
 */
export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
