// The record card (排污口 → 查看/办理): what the sidebar shows for one outfall, and the step forms it offers.
// Pure: the record, its history and photos as the API answers them, and the reference data's labels, in;
// a view model of plain data out. The steps offered are the API's `allowedActions`, what is missing its
// `blockers` — the add-on decides neither.
import { type Lookup, lookups } from "./reference.js";
import type { Reference, Violation } from "./types.js";

type Loose = Record<string, unknown>;

/** One input of a step form. `choices` names a vocabulary or reference list; `photos` the record's photos. */
export interface FieldSpec {
  key: string;
  label: string;
  kind: "text" | "textarea" | "date" | "boolean" | "select" | "multi";
  required?: boolean;
  choices?: string;
}

export interface FormField extends FieldSpec {
  options?: { key: string; label: string }[];
}

const note = (required = false, label = "说明"): FieldSpec => ({ key: "note", label, kind: "textarea", ...(required ? { required } : {}) });
const party: FieldSpec[] = [
  { key: "party.name", label: "责任主体名称", kind: "text", required: true },
  { key: "party.kind", label: "责任主体类型", kind: "select", choices: "partyKind", required: true },
  { key: "party.creditCode", label: "统一社会信用代码", kind: "text" },
];

/** The payload fields of each step (TRANSITION_PAYLOADS), in the order a clerk fills them. */
export const STEP_FIELDS: Record<string, FieldSpec[]> = {
  confirm: [
    { key: "surveyedAt", label: "排查日期", kind: "date" },
    { key: "surveyedBy", label: "排查人员", kind: "text" },
    { key: "surveyMethod", label: "排查方式", kind: "select", choices: "surveyMethod" },
    note(),
  ],
  dismiss: [note(true, "现场核实情况（至少 10 个字）")],
  "dry-weather-check": [
    { key: "checkedAt", label: "晴天核查日期", kind: "date", required: true },
    { key: "flowObserved", label: "晴天是否有水", kind: "boolean", required: true },
    { key: "photoId", label: "晴天核查照片", kind: "select", choices: "photos", required: true },
    note(),
  ],
  "register-stormwater": [note()],
  trace: [
    ...party,
    { key: "responsibilityBasis", label: "责任认定方式", kind: "select", choices: "responsibilityBasis", required: true },
    { key: "subcategory", label: "排污口类型（二、三级）", kind: "select", choices: "subcategories" },
    note(),
  ],
  designate: [...party, { key: "designationNote", label: "指定说明", kind: "textarea", required: true }, note()],
  plan: [
    { key: "remediation", label: "整治类型", kind: "select", choices: "action", required: true },
    { key: "plan", label: "整治方案", kind: "textarea" },
    { key: "problems", label: "存在问题", kind: "multi", choices: "problem" },
    { key: "floodSafety.affects", label: "是否影响防洪排涝、堤防安全", kind: "boolean" },
    { key: "floodSafety.measures", label: "消除安全隐患措施", kind: "text" },
    { key: "mergeInto", label: "合并至排污口", kind: "text" },
    { key: "legalBasis", label: "保留依据", kind: "text" },
    note(),
  ],
  complete: [{ key: "completedAt", label: "整治完成日期", kind: "date", required: true }, note()],
  "request-acceptance": [{ key: "completedAt", label: "整治完成日期", kind: "date" }, note()],
  accept: [note(false, "验收意见")],
  reject: [note(true, "退回理由")],
  close: [note()],
  retain: [note()],
  reopen: [note(true, "重新打开的理由"), { key: "problems", label: "存在问题", kind: "multi", choices: "problem" }],
  "override-deadline": [
    { key: "date", label: "新的截止日期", kind: "date", required: true },
    { key: "reason", label: "理由", kind: "textarea", required: true },
  ],
  "revoke-transition": [note(true, "理由")],
  "record-approval": [
    { key: "approval.status", label: "审批状态", kind: "select", choices: "approvalStatus", required: true },
    { key: "approval.documentNo", label: "审批文号", kind: "text" },
    { key: "approval.authority", label: "审批机关", kind: "text" },
    { key: "approval.date", label: "审批日期", kind: "date" },
  ],
  "clear-zone": [{ key: "zone", label: "区域属性", kind: "select", choices: "zone", required: true }, note(true, "理由")],
  reclassify: [{ key: "subcategory", label: "排污口类型（二、三级）", kind: "select", choices: "subcategories", required: true }, note(true, "理由")],
};

export interface CardStep {
  action: string;
  label: string;
  fields: FormField[];
}

export interface CardPhoto {
  id: string;
  slot: string;
  slotLabel: string;
  url?: string;
  note?: string;
  uploadedAt: string;
  uploadedBy: string;
  withheld?: string;
}

export interface HistoryLine {
  at: string;
  who: string;
  /** How the change reached the ledger, as labelled by the reference data (在线表格, 外业App, …). */
  channel?: string;
  what: string;
  note?: string;
  changes: string[];
  photos: string[];
}

export interface Card {
  id: string;
  version: number;
  tempId: string;
  name: string;
  status: string;
  statusLabel: string;
  deadline?: string;
  deadlineRule?: string;
  overdue: boolean;
  daysToDeadline?: number;
  blockers: { actionLabel: string; field: string; rule: string; ruleText: string; message: string }[];
  steps: CardStep[];
  photoSlots: { key: string; label: string; photos: CardPhoto[] }[];
  history: HistoryLine[];
  slots: { key: string; label: string }[];
  photoLimit: { maxBytes: number; types: string[] };
}

/** The API's limit (domain/photo.ts MAX_PHOTO_BYTES) and the types it accepts. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"];

/** "2024-05-20T02:30:00Z" → "2024-05-20 10:30" (China time). */
export function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

function shown(value: unknown, lookup?: Lookup): string {
  if (value === undefined || value === null || value === "") return "空值";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (Array.isArray(value)) return value.length ? value.map((v) => shown(v, lookup)).join("、") : "空值";
  if (typeof value === "object") {
    const o = value as Loose;
    if (typeof o.name === "string") return o.name;
    if (typeof o.date === "string") return o.date;
    if (typeof o.affects === "boolean") return `${o.affects ? "是" : "否"}${typeof o.measures === "string" ? `（${o.measures}）` : ""}`;
    return JSON.stringify(value);
  }
  return lookup ? lookup.labelOf(value) : String(value);
}

/** Field path → the vocabulary or list its values come from, for showing labels in the history. */
const VALUE_LOOKUP: Record<string, string> = {
  status: "status", action: "action", category: "category", subcategory: "subcategories", problems: "problem",
  subdistrict: "subdistricts", waterBody: "waterBodies", responsibilityBasis: "responsibilityBasis", surveyMethod: "surveyMethod",
  receiving: "receiving", outletType: "outletType", shape: "shape", material: "material", submerged: "submerged", dischargePattern: "dischargePattern",
  surveyLevel: "surveyLevel",
};

export function buildCard(record: Loose, history: Loose[], photos: Loose[], ref: Reference): Card {
  const look = lookups(ref);
  const vocab = (name: string) => look.get(name);
  const transition = vocab("transition");
  const slotLookup = vocab("photoSlot");
  const label = (field: string) => ref.labels[field] ?? ref.labels[field.split(".")[0]!] ?? field;
  const photoLabel = new Map(photos.map((p) => [String(p.id), `${slotLookup?.labelOf(p.slot) ?? String(p.slot)}照片`]));
  const slots = (ref.vocabularies.photoSlot ?? []).map((o) => ({ key: String(o.key), label: o.label }));
  const options = (choices: string | undefined) => {
    if (!choices) return undefined;
    if (choices === "photos") return photos.map((p) => ({ key: String(p.id), label: `${slotLookup?.labelOf(p.slot) ?? p.slot} · ${chinaTime(String(p.uploadedAt))}` }));
    return (vocab(choices)?.options ?? []).map((o) => ({ key: String(o.key), label: o.label }));
  };
  const allowed = Array.isArray(record.allowedActions) ? (record.allowedActions as string[]) : [];
  const blockers = Array.isArray(record.blockers) ? (record.blockers as (Violation & { action: string })[]) : [];
  return {
    id: String(record.id),
    version: Number(record.version),
    tempId: String(record.tempId ?? ""),
    name: String(record.name ?? ""),
    status: String(record.status),
    statusLabel: vocab("status")?.labelOf(record.status) ?? String(record.status),
    ...(record.effectiveDeadline ? { deadline: String(record.effectiveDeadline) } : {}),
    ...(record.deadlineLabel || record.deadlineRule ? { deadlineRule: String(record.deadlineLabel ?? record.deadlineRule) } : {}),
    overdue: record.overdue === true,
    ...(typeof record.daysToDeadline === "number" ? { daysToDeadline: record.daysToDeadline } : {}),
    blockers: blockers.map((b) => ({
      actionLabel: transition?.labelOf(b.action) ?? b.action,
      field: label(b.field),
      rule: b.rule,
      ruleText: ref.rules[b.rule] ?? "",
      message: b.message,
    })),
    steps: allowed.map((action) => ({
      action,
      label: transition?.labelOf(action) ?? action,
      fields: (STEP_FIELDS[action] ?? [note()]).map((f) => {
        const opts = options(f.choices);
        return { ...f, ...(opts ? { options: opts } : {}) };
      }),
    })),
    photoSlots: slots
      .map((s) => ({
        ...s,
        photos: photos
          .filter((p) => p.slot === s.key)
          .map((p) => ({
            id: String(p.id),
            slot: s.key,
            slotLabel: s.label,
            uploadedAt: chinaTime(String(p.uploadedAt)),
            uploadedBy: String(p.uploadedBy ?? ""),
            ...(typeof p.url === "string" ? { url: p.url } : {}),
            ...(typeof p.note === "string" ? { note: p.note } : {}),
            ...(typeof p.withheld === "string" ? { withheld: p.withheld } : {}),
          })),
      }))
      .filter((s) => s.photos.length),
    history: [...history].reverse().map((h) => historyLine(h, transition, label, photoLabel, look)),
    slots,
    photoLimit: { maxBytes: MAX_PHOTO_BYTES, types: PHOTO_TYPES },
  };
}

const OTHER_ACTIONS: Record<string, string> = { create: "登记", update: "修改字段", photo: "上传照片", "photo-supersede": "替换照片", import: "导入", patrol: "巡查", monitoring: "监测" };

function historyLine(h: Loose, transition: Lookup | undefined, label: (f: string) => string, photoLabel: Map<string, string>, look: Map<string, Lookup>): HistoryLine {
  const action = String(h.action);
  const what = OTHER_ACTIONS[action] ?? transition?.labelOf(action) ?? action;
  const changes = (Array.isArray(h.changes) ? (h.changes as Loose[]) : [])
    .filter((c) => !["version", "updatedAt", "updatedBy", "updatedByName", "historyHash", "photos"].includes(String(c.field)))
    .slice(0, 12)
    .map((c) => {
      const lookup = look.get(VALUE_LOOKUP[String(c.field)] ?? "");
      return `${label(String(c.field))}：${shown(c.before, lookup)} → ${shown(c.after, lookup)}`;
    });
  const evidence = Array.isArray(h.evidence) ? (h.evidence as string[]) : [];
  return {
    at: chinaTime(String(h.at)),
    who: String(h.actor ?? ""),
    ...(typeof h.channel === "string" ? { channel: look.get("channel")?.labelOf(h.channel) ?? h.channel } : {}),
    what,
    ...(typeof h.note === "string" && h.note !== what ? { note: h.note } : {}),
    changes,
    photos: evidence.map((id) => photoLabel.get(id) ?? id),
  };
}

/** The step form's values (strings from the sidebar's inputs) → the transition's JSON payload. */
export function stepPayload(action: string, values: Record<string, unknown>): Loose {
  const out: Loose = { action };
  const fields = STEP_FIELDS[action] ?? [note()];
  const party: Loose = {};
  for (const f of fields) {
    const raw = values[f.key];
    let value: unknown;
    if (f.kind === "multi") value = Array.isArray(raw) ? raw.map(String).filter(Boolean) : raw ? String(raw).split(/[,，、]/).map((s) => s.trim()).filter(Boolean) : [];
    else if (f.kind === "boolean") value = raw === true || raw === "true" || raw === "是" ? true : raw === false || raw === "false" || raw === "否" ? false : undefined;
    else value = typeof raw === "string" ? raw.trim() : raw;
    if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) continue;
    const [head, tail] = f.key.split(".") as [string, string | undefined];
    if (head === "party" && tail) party[tail] = value;
    else if (tail) out[head] = { ...((out[head] as Loose) ?? {}), [tail]: value };
    else out[head] = value;
  }
  if (Object.keys(party).length) out.responsibleParties = [party];
  return out;
}

/** Required fields left empty, in the form's words, before anything is sent. */
export function missingRequired(action: string, values: Record<string, unknown>): Violation[] {
  return (STEP_FIELDS[action] ?? [])
    .filter((f) => f.required)
    .filter((f) => {
      const v = values[f.key];
      return v === undefined || v === null || (typeof v === "string" && !v.trim()) || (Array.isArray(v) && !v.length);
    })
    .map((f) => ({ field: f.key, rule: "R-REQUIRED", message: `请填写「${f.label}」` }));
}

/** The sidebar's own check of a chosen file before asking for an upload form (the API checks again). */
export function checkPhotoFile(file: { name: string; type: string; size: number }): Violation | undefined {
  if (!PHOTO_TYPES.includes(file.type)) {
    return { field: "contentType", rule: "R-ENUM", message: `「${file.name}」不是 JPEG/PNG/WebP/HEIC 图片（${file.type || "未知类型"}），不能作为照片上传` };
  }
  if (file.size < 1 || file.size > MAX_PHOTO_BYTES) {
    return { field: "size", rule: "R-RANGE", message: `「${file.name}」大小为 ${(file.size / 1048576).toFixed(1)} MB，照片须在 20 MB 以内且不为空` };
  }
  return undefined;
}
