// `photos <file> <folder>`: uploads the photos of a folder named `<临时编号>_<槽位>[_n].<ext>` (slot by its Chinese
// label or key) through the presigned flow (functions/src/contracts/upload-photo.ts), skipping files whose SHA-256
// is already among the record's photos, with a progress line and a summary. Refused files are listed with why
// (and the rule) in 照片上传报告.csv in the folder.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { PhotoUploadError, uploadPhoto } from "../../../functions/src/contracts/upload-photo.js";
import { PHOTO_SLOT, type PhotoSlot } from "../../../functions/src/domain/enums.js";
import { type Caller, request } from "./run.js";

export const PHOTO_REPORT = "照片上传报告.csv";
const IMAGE_EXT = new Set([".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"]);

export interface PhotosSummary {
  files: number;
  uploaded: number;
  skipped: number;
  refused: { file: string; rule: string; message: string }[];
}

/** `<临时编号>_<槽位>[_n].<ext>` → temp id and slot, or why not. */
export function parsePhotoName(file: string): { tempId: string; slot: PhotoSlot } | { rule: string; message: string } {
  const stem = file.slice(0, file.length - extname(file).length);
  const parts = stem.split("_");
  if (parts.length > 2 && /^\d+$/.test(parts[parts.length - 1]!)) parts.pop();
  const slotText = parts.pop() ?? "";
  const tempId = parts.join("_");
  if (!tempId || !slotText) return { rule: "R-FORMAT", message: "文件名应为「临时编号_槽位.jpg」，如 GS-0001_整治后.jpg 或 GS-0001_整治后_2.jpg" };
  // A file name cannot hold "/", so 「封堵/拆除」 is written 封堵拆除.
  const bare = (label: string) => label.replace(/[/／\s]/g, "");
  const slot = PHOTO_SLOT.keys.find((k) => k === slotText || bare(PHOTO_SLOT.label(k)) === bare(slotText));
  if (!slot) return { rule: "R-ENUM", message: `槽位「${slotText}」不在可选范围内（可选：${PHOTO_SLOT.keys.map((k) => PHOTO_SLOT.label(k)).join("、")}）` };
  return { tempId, slot };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;

export async function uploadFolder(
  caller: Caller,
  ids: Map<string, string>,
  folder: string,
  progress: (line: string) => void = () => {},
): Promise<PhotosSummary> {
  const files = readdirSync(folder)
    .filter((f) => f !== PHOTO_REPORT && statSync(join(folder, f)).isFile())
    .sort();
  const summary: PhotosSummary = { files: files.length, uploaded: 0, skipped: 0, refused: [] };
  const known = new Map<string, Set<string>>();
  const hashesOf = async (id: string) => {
    let set = known.get(id);
    if (!set) {
      const reply = await request(caller, "GET", `/v1/outfalls/${encodeURIComponent(id)}`);
      set = new Set(((reply.body?.photos ?? []) as { sha256?: string }[]).map((p) => p.sha256 ?? "").filter(Boolean));
      known.set(id, set);
    }
    return set;
  };
  for (const [i, file] of files.entries()) {
    const refuse = (rule: string, message: string) => summary.refused.push({ file, rule, message });
    const parsed = parsePhotoName(file);
    const id = "slot" in parsed ? ids.get(parsed.tempId) : undefined;
    if (!("slot" in parsed)) refuse(parsed.rule, parsed.message);
    else if (!IMAGE_EXT.has(extname(file).toLowerCase())) refuse("R-PHOTO-TYPE", "不是 JPEG/PNG/WebP/HEIC 图片");
    else if (!id) refuse("R-REFERENCE", `临时编号「${parsed.tempId}」不在「排污口台账」中：请核对文件名，或先拉取台账`);
    else {
      const bytes = readFileSync(join(folder, file));
      const hashes = await hashesOf(id);
      const digest = sha256(bytes);
      if (hashes.has(digest)) summary.skipped++;
      else {
        try {
          await uploadPhoto({ apiUrl: caller.apiUrl, token: caller.token, outfallId: id, slot: parsed.slot, data: new Uint8Array(bytes), fileName: file, channel: "workbook", ...(caller.fetch ? { fetch: caller.fetch } : {}) });
          hashes.add(digest);
          summary.uploaded++;
        } catch (error) {
          if (error instanceof PhotoUploadError) {
            const first = error.problem?.errors?.[0];
            refuse(first?.rule ?? (error.status === 0 ? "R-PHOTO-TYPE" : `HTTP ${error.status}`), first?.message ?? error.message);
          } else refuse("", `上传失败：${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    progress(`${bar(i + 1, files.length)} ${i + 1}/${files.length} ${file}`);
  }
  const report = ["文件,规则,原因", ...summary.refused.map((r) => [r.file, r.rule, r.message].map(csvCell).join(","))];
  // With a BOM so that Excel and WPS read the UTF-8 text as such.
  writeFileSync(join(folder, PHOTO_REPORT), `\uFEFF${report.join("\r\n")}\r\n`);
  return summary;
}

function bar(done: number, total: number): string {
  const width = 20;
  const full = total ? Math.round((done / total) * width) : width;
  return `[${"#".repeat(full)}${"-".repeat(width - full)}]`;
}
