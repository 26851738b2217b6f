// The 调度通报 sidebar's server side, over the engine's ports (no Apps Script here): a coordinator opens the
// open draft (or has one drafted from the figures now), edits the three narrative sections and saves them
// with the version read (If-Match), issues it as 第 N 期 and downloads the Word document. The API decides who
// may (coordinators only; others get its Chinese refusal). Tested in the simulated runtime (test/addon).
import { cardApi } from "./card-session.js";
import { type Api, ApiError, type Outcome } from "./http.js";
import type { Env } from "./ports.js";
import type { Violation } from "./types.js";

export const BULLETIN_SECTIONS = [
  { key: "progress", label: "工作进展" },
  { key: "problems", label: "存在问题" },
  { key: "nextSteps", label: "下步工作" },
] as const;
type SectionKey = (typeof BULLETIN_SECTIONS)[number]["key"];

/** What the sidebar shows of a bulletin. */
export interface BulletinView {
  id: string;
  version: number;
  issued: boolean;
  title: string;
  issuer: string;
  /** 第 N 期, or 草稿. */
  number: string;
  issueDate: string;
  copyTo: string[];
  asOf: string;
  sections: { key: SectionKey; label: string; text: string }[];
  /** One line of figures: total, done, overdue of the district when the draft was made. */
  figures: string;
}

export type BulletinResult = { ok: true; bulletin: BulletinView; message: string } | { ok: false; message: string; violations: Violation[] };

interface ApiBulletin {
  id: string;
  version: number;
  status: "draft" | "issued";
  title: string;
  header: { issuer: string; copyTo: string[]; number?: number; issueDate?: string };
  narrative: Record<SectionKey, string>;
  progress: { asOf: string; district: { total: number; done: number; donePct: number; overdue: number } };
}

const bulletinApi = cardApi;

export function viewOf(b: ApiBulletin): BulletinView {
  const d = b.progress.district;
  return {
    id: b.id,
    version: b.version,
    issued: b.status === "issued",
    title: b.title,
    issuer: b.header.issuer,
    number: b.status === "issued" ? `第 ${b.header.number} 期` : "草稿（印发时编号）",
    issueDate: b.header.issueDate ?? "",
    copyTo: b.header.copyTo,
    asOf: b.progress.asOf,
    sections: BULLETIN_SECTIONS.map((s) => ({ key: s.key, label: s.label, text: b.narrative[s.key] ?? "" })),
    figures: `数据截至 ${b.progress.asOf.slice(0, 10)}：排污口 ${d.total} 个，已完成整治 ${d.done} 个（${d.donePct}%），逾期 ${d.overdue} 个`,
  };
}

const path = (id: string) => `/v1/bulletins/${encodeURIComponent(id)}`;

function answer(api: Api, outcome: Outcome, message: (b: BulletinView) => string): BulletinResult {
  try {
    const bulletin = viewOf(api.json<ApiBulletin>(outcome));
    return { ok: true, bulletin, message: message(bulletin) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, message: error.message, violations: error.violations };
    throw error;
  }
}

/** 通报 → 打开草稿: the open draft, or a new one drafted from the figures now. */
export function openBulletin(env: Env): BulletinResult {
  const api = bulletinApi(env);
  const [outcome] = api.send([api.request("post", "/v1/bulletins")]);
  const created = "response" in outcome! && outcome.response.status === 201;
  return answer(api, outcome!, (b) => (created ? `已按当前数据起草新的调度通报（${b.figures}）` : "已打开尚未印发的调度通报草稿"));
}

/** Saves the edited sections of the draft read at `version`. */
export function saveBulletin(env: Env, id: string, version: number, sections: Partial<Record<SectionKey, string>>): BulletinResult {
  const narrative: Partial<Record<SectionKey, string>> = {};
  for (const s of BULLETIN_SECTIONS) if (typeof sections?.[s.key] === "string") narrative[s.key] = sections[s.key];
  const api = bulletinApi(env);
  const [outcome] = api.send([api.request("patch", path(id), JSON.stringify({ narrative }), { "If-Match": `"${version}"` })]);
  return answer(api, outcome!, (b) => `已保存（第 ${b.version} 版）`);
}

/** Takes the figures of now into the draft read at `version` and drafts its three sections again. */
export function refreshBulletin(env: Env, id: string, version: number): BulletinResult {
  const api = bulletinApi(env);
  const [outcome] = api.send([api.request("patch", path(id), JSON.stringify({ refresh: true }), { "If-Match": `"${version}"` })]);
  return answer(api, outcome!, (b) => `已按最新数据重新起草（${b.figures}）`);
}

/** Issues the draft read at `version` as 第 N 期; `deliver` also mails it and writes the 调度通报 sheet. */
export function issueBulletin(env: Env, id: string, version: number, deliver: boolean): BulletinResult {
  const api = bulletinApi(env);
  const [outcome] = api.send([api.request("post", `${path(id)}/issue`, JSON.stringify({ deliver: !!deliver }), { "If-Match": `"${version}"` })]);
  return answer(api, outcome!, (b) => `已印发 ${b.number}（${b.issueDate}），印发后不能再修改`);
}

/** The Word document, as base64 for the sidebar to save (Apps Script's fetch reads text, so JSON is asked). */
export function bulletinDocument(env: Env, id: string): { fileName: string; contentType: string; base64: string } {
  const api = bulletinApi(env);
  return api.getJson<{ fileName: string; contentType: string; base64: string }>(`${path(id)}/document`);
}
