// An upload's image header decoded (format and dimensions, not just the magic bytes) and checked for markup.
// Apart from photo.ts because the decoder (image-size) belongs only in the functions that read uploads, while
// photo.ts's types reach every bundle through the record.
import { imageSize } from "image-size";
import type { PhotoType } from "./enums.js";
import { sameFormat, sniffImageType } from "./photo.js";

const DECODED: Readonly<Record<string, PhotoType>> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp", heif: "image/heif" };
/** Markup a browser could run were the file ever taken for a page: an "image" carrying it is a polyglot. */
const MARKUP = /<(?:script|html|head|body|iframe|object|embed|svg|meta|!doctype\s+html)[\s>/]/i;

/** Bytes as latin-1 text (one character per byte), in chunks small enough for fromCharCode's arguments. */
function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

export type ImageHeader =
  | { ok: true; type: PhotoType; width: number; height: number }
  | { ok: false; reason: "not-image" | "undecodable" | "markup"; type?: PhotoType };

/** Decodes the image header (format and dimensions), not just the magic bytes, and refuses markup. */
export function decodeImageHeader(head: Uint8Array): ImageHeader {
  const type = sniffImageType(head);
  if (!type) return { ok: false, reason: "not-image" };
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(head);
  } catch {
    return { ok: false, reason: "undecodable", type };
  }
  const decoded = DECODED[size.type ?? ""];
  if (!decoded || !sameFormat(type, decoded) || !(size.width > 0) || !(size.height > 0)) return { ok: false, reason: "undecodable", type };
  if (MARKUP.test(latin1(head))) return { ok: false, reason: "markup", type };
  return { ok: true, type, width: size.width, height: size.height };
}

