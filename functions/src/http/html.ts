// Server-rendered pages and files (public pages, signboards, open data): one place for the escape, the
// page shell and the security headers, so no public answer goes out without them.
import { esc } from "../app/digest-tables.js";
import type { Result } from "./responses.js";

export { esc };

/** Image sources a page may name besides itself: data: URIs and https (presigned photo links). A local
 *  object store (http://127.0.0.1:…) is added by origin when a page shows one of its photos. */
export function contentSecurityPolicy(imageOrigins: string[] = []): string {
  const img = ["'self'", "data:", "https:", ...imageOrigins.filter((o) => /^https?:\/\/[^\s;,'"]+$/.test(o))].join(" ");
  return [
    "default-src 'none'",
    `img-src ${img}`,
    "style-src 'unsafe-inline'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers on every page and file a browser may open without signing in. */
export function securityHeaders(imageOrigins: string[] = []): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(imageOrigins),
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
  };
}

const STYLE = `
body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:40rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh;box-sizing:border-box}
h1{font-size:1.35rem;margin:.2rem 0 .6rem;color:#0b6b3a}
h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
dl{display:grid;grid-template-columns:7em 1fr;gap:.25rem .6rem;margin:0}
dt{color:#57606a}dd{margin:0;word-break:break-all}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;background:#0b6b3a;color:#fff;font-size:.9rem}
.muted{color:#57606a;font-size:.9rem}
img{max-width:100%;height:auto;border-radius:.3rem}
form label{display:block;margin:.6rem 0 .2rem}
input,select,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.4rem;border:1px solid #8c959f;border-radius:.3rem}
button{margin-top:.8rem;padding:.6rem 1.2rem;font:inherit;background:#0b6b3a;color:#fff;border:0;border-radius:.3rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem;text-align:left}
footer{margin-top:2rem;padding-top:.6rem;border-top:1px solid #d0d7de;font-size:.9rem;color:#57606a}
a{color:#0969da}`;

export interface PageOptions {
  title: string;
  /** Already-escaped HTML of the page's body. */
  body: string;
  status?: number;
  imageOrigins?: string[];
  /** Seconds a shared cache may keep the page; 0 (default) means not at all. */
  maxAge?: number;
  /** Extra HTML for the footer (links), already escaped. */
  footer?: string;
}

/** A whole HTML document (no scripts) with the security headers. */
export function htmlPage(options: PageOptions): Result {
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${esc(options.title)}</title><style>${STYLE}</style></head><body><main>${options.body}${options.footer ? `<footer>${options.footer}</footer>` : ""}</main></body></html>`;
  return {
    statusCode: options.status ?? 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": options.maxAge ? `public, max-age=${options.maxAge}` : "no-store",
      ...securityHeaders(options.imageOrigins),
    },
    body,
  };
}

/** A document that is not a page (SVG, CSV, GeoJSON; PNG and PDF as bytes) with the same headers. */
export function fileResult(body: string | Uint8Array, contentType: string, extra: Record<string, string> = {}): Result {
  const headers = { "content-type": contentType, "cache-control": "no-store", ...securityHeaders(), ...extra };
  if (typeof body === "string") return { statusCode: 200, headers, body };
  return { statusCode: 200, headers, body: Buffer.from(body).toString("base64"), isBase64Encoded: true };
}

/** 303 See Other: a form POST answered by the page to show next. */
export function seeOther(location: string): Result {
  return { statusCode: 303, headers: { location, "cache-control": "no-store", ...securityHeaders() }, body: "" };
}
