// The field app's security headers, one definition for both homes: the local server (local/app-static.ts)
// and CloudFront's response-headers policy (infra/lib/web-app.ts). Script and style only from the app's own
// origin, no framing, no referrer, no MIME sniffing, HTTPS only (HSTS, in AWS).

export interface CspSources {
  /** Origins the app fetches besides its own: photo storage (presigned uploads), tiles of a base layer. */
  connect?: string[];
  /** Origins of images besides its own: photo storage (presigned links), tiles. */
  img?: string[];
}

export function contentSecurityPolicy(extra: CspSources = {}): string {
  const list = (more: string[] | undefined) => [...new Set(more ?? [])].join(" ");
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${list(extra.img)}`.trim(),
    `connect-src 'self' ${list(extra.connect)}`.trim(),
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers beside the CSP (CloudFront sets the same through its policy's security headers). */
export const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "strict-transport-security": "max-age=63072000; includeSubDomains",
} as const;

/** The origin of a URL template such as https://t{s}.tianditu.gov.cn/…: what the CSP must allow for tiles. */
export function templateOrigin(template: string): string | undefined {
  const m = /^(https?:\/\/[^/]+)/.exec(template.replace(/\{s\}/g, "*"));
  return m?.[1];
}
