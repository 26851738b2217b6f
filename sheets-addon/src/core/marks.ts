// The marks the add-on leaves in the sheet: colours, note prefixes and the 同步状态 texts. Marks are
// recognisable, so the add-on clears its own once a problem is fixed and never touches a clerk's own notes
// or fill colours.

export const COLOURS = {
  invalid: "#f4cccc",
  conflict: "#ffe599",
  overdue: "#fce8e6",
  pending: "#fff2cc",
} as const;

const OURS = new Set<string>(Object.values(COLOURS));
export const isOurColour = (colour: string | null | undefined) => !!colour && OURS.has(colour.toLowerCase());
export const isNoFill = (colour: string | null | undefined) => !colour || colour.toLowerCase() === "#ffffff" || colour.toLowerCase() === "white";

export const NOTE_INVALID = "⚠ ";
export const NOTE_CONFLICT = "⇄ ";
export const isOurNote = (note: string | undefined) => !!note && (note.startsWith(NOTE_INVALID) || note.startsWith(NOTE_CONFLICT));

/** 同步状态 texts. The first character tells the kind, which the summary counts. */
export const STATUS_TEXT = {
  created: (tempId: string) => `✓ 已新增 ${tempId}`,
  saved: (version: number) => `✓ 已保存（第${version}版）`,
  unchanged: (version: number) => `✓ 无变化（第${version}版）`,
  tookTheirs: (version: number) => `✓ 已采用服务器版本（第${version}版）`,
  pulledUpdate: (version: number) => `↓ 已更新到第${version}版`,
  pulledNew: "↓ 新拉取",
  restored: (version: number) => `↓ 已从服务器恢复（第${version}版）`,
  invalid: (count: number) => `✗ 有误 ${count} 处：见标红单元格的批注，改正后再推送`,
  forbidden: (message: string) => `⛔ 无权修改：${message}`,
  failed: (message: string) => `✗ 推送失败：${message}`,
  notSent: "… 未发送：本次运行时间已到，请再推送一次",
  conflict: (version: number, by: string, at: string) =>
    `⇄ 冲突：服务器已是第${version}版（${by} ${at} 修改），您的修改未保存。见「冲突」表，选择采用服务器版本或保留我的修改`,
  serverAhead: (version: number, by: string, at: string) =>
    `⇄ 服务器已有第${version}版（${by} ${at} 修改），与您未推送的修改冲突；推送时会列入「冲突」表`,
  editedDuringPush: "✎ 推送期间该行又被修改：已保存推送前的内容，请再推送一次",
  copiedAsNew: (row: number) => `待推送（新增，复制自第${row}行）`,
  duplicate: (row: number) => `重复行：与第${row}行是同一个排污口，可删除本行（删除不影响服务器）`,
  gone: "？服务器上已没有本街道的这条记录（可能已划归其他街道），可删除本行",
  reverted: "✓ 已改回与服务器一致，无需推送",
  pendingEdit: "待推送（已修改）",
  pendingNew: "待推送（新增）",
  broken: (message: string) => `✗ ${message}`,
} as const;

export type StatusKind = "invalid" | "conflict" | "forbidden" | "failed" | "pending" | "ok" | "other";

export function statusKind(text: unknown): StatusKind {
  const s = String(text ?? "");
  if (s.startsWith("✗ 有误")) return "invalid";
  if (s.startsWith("⇄")) return "conflict";
  if (s.startsWith("⛔")) return "forbidden";
  if (s.startsWith("✗") || s.startsWith("…")) return "failed";
  if (s.startsWith("待推送") || s.startsWith("✎")) return "pending";
  if (s.startsWith("✓") || s.startsWith("↓")) return "ok";
  return "other";
}
