// Capture time and position from a photo's EXIF block (the first 64 KB of a JPEG/HEIC hold it). exifr is
// loaded at the first photo read: its module registers parsers when evaluated, so a static import kept it
// (73 KB) in every bundle that merely imports the photo use cases (issue 20).

export interface PhotoMetadata {
  takenAt?: string;
  gps?: { lng: number; lat: number };
}

/** EXIF times carry no zone unless OffsetTimeOriginal is set; phones in China record China Standard Time. */
const DEFAULT_OFFSET = "+08:00";

export async function readPhotoMetadata(head: Uint8Array): Promise<PhotoMetadata> {
  let raw: Record<string, unknown> | undefined;
  try {
    const { default: exifr } = await import("exifr");
    raw = await exifr.parse(Buffer.from(head), {
      pick: ["DateTimeOriginal", "CreateDate", "OffsetTimeOriginal", "GPSLatitude", "GPSLatitudeRef", "GPSLongitude", "GPSLongitudeRef"],
      reviveValues: false,
      translateValues: false,
    });
  } catch {
    return {}; // no or damaged EXIF: the photo is still evidence, just without capture metadata
  }
  if (!raw) return {};
  const out: PhotoMetadata = {};
  const stamp = (raw.DateTimeOriginal ?? raw.CreateDate) as string | undefined;
  const m = typeof stamp === "string" ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(stamp) : null;
  if (m) {
    const offset = typeof raw.OffsetTimeOriginal === "string" && /^[+-]\d{2}:\d{2}$/.test(raw.OffsetTimeOriginal) ? raw.OffsetTimeOriginal : DEFAULT_OFFSET;
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
    if (!Number.isNaN(Date.parse(iso))) out.takenAt = iso;
  }
  const lat = dms(raw.GPSLatitude, raw.GPSLatitudeRef, "S");
  const lng = dms(raw.GPSLongitude, raw.GPSLongitudeRef, "W");
  if (lat !== undefined && lng !== undefined && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0)) {
    out.gps = { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
  }
  return out;
}

function dms(value: unknown, ref: unknown, negative: string): number | undefined {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((n) => typeof n === "number" && Number.isFinite(n))) return undefined;
  const [d, m, s] = value as number[];
  const deg = d! + m! / 60 + s! / 3600;
  return ref === negative ? -deg : deg;
}
