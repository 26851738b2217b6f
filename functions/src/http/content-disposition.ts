/** `attachment` with the file name twice (RFC 6266): an ASCII name for old clients, and the real (Chinese)
 *  name encoded per RFC 5987 (`filename*=UTF-8''…`), which Excel, WPS, browsers and curl -J use. */
export function contentDisposition(fileName: string, asciiName = "export"): string {
  const plain = asciiName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${plain}"; filename*=UTF-8''${encoded}`;
}
