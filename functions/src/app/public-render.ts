// The public pages as HTML (mobile first, Chinese, no scripts). Every value goes through esc(); the page
// shell and its headers come from http/html.ts. Pure rendering over the public projection.
import { ACTION } from "../domain/enums.js";
import type { Outfall } from "../domain/outfall.js";
import { type PublicReport, REPORT_KIND, REPORT_STATUS, type ReportKind } from "../domain/public-report.js";
import { type PublicOutfall, chinaDate } from "../domain/public-view.js";
import type { ReferenceIndex } from "../domain/reference.js";
import { esc } from "./digest-tables.js";
import type { Closeout } from "./public-pages.js";
import type { PatrolView } from "./public-reports.js";

const enc = encodeURIComponent;

/** Links at the foot of every public page: 数据纠错 always, with the outfall when the page has one. */
export function publicFooter(ref: ReferenceIndex, outfallCode?: string): string {
  const correction = `/p/report?reportKind=data-error${outfallCode ? `&amp;outfallCode=${esc(enc(outfallCode))}` : ""}`;
  const phone = ref.district.reportPhone;
  const links = [
    `<a class="correction" href="${correction}">数据纠错</a>`,
    `<a href="/p/report">我要举报</a>`,
    `<a href="/p/closeouts">销号公示</a>`,
    `<a href="/p/open/outfalls.csv">开放数据</a>`,
    phone ? `举报电话 <a href="tel:${esc(phone)}">${esc(phone)}</a>` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  return `${links}<br>${esc(ref.district.name)}入河入海排污口公开信息`;
}

function row(label: string, value: string | number | undefined): string {
  return value === undefined || value === "" ? "" : `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`;
}

export function outfallPageBody(o: PublicOutfall, ref: ReferenceIndex, photoUrl: string | undefined): string {
  const phone = ref.district.reportPhone;
  return [
    `<h1>${esc(o.name)}</h1>`,
    `<p><span class="badge status">${esc(o.statusLabel)}</span> <span class="muted">编号 ${esc(o.tempId)}${o.nationalCode ? ` · 国家编码 ${esc(o.nationalCode)}` : ""}</span></p>`,
    "<dl>",
    row("排口类型", o.typeLabel),
    row("一级分类", o.category),
    row("所在位置", [o.subdistrict, o.community].filter(Boolean).join(" ")),
    row("受纳水体", o.waterBody),
    row("责任主体", o.responsibleParty),
    row("监管部门", o.department),
    row("整治方式", o.action),
    row("最近检查", o.lastInspection),
    row("立牌日期", o.signboardInstalledAt),
    row("坐标", `${o.longitude.toFixed(6)}, ${o.latitude.toFixed(6)}`),
    row("信息更新", chinaDate(o.updatedAt)),
    "</dl>",
    photoUrl ? `<h2>标识牌照片</h2><p><img class="signboard-photo" src="${esc(photoUrl)}" alt="${esc(o.tempId)} 标识牌照片"></p>` : "",
    phone ? `<p>发现排污异常请拨打举报电话 <a href="tel:${esc(phone)}">${esc(phone)}</a>，或在下方在线举报。</p>` : "",
  ].join("");
}

export function closedNoticeBody(record: Outfall): string {
  return `<h1>该排污口已销号</h1><p>编号 ${esc(record.tempId)} 的排污口已于 <time>${esc(record.closedAt ? chinaDate(record.closedAt) : "")}</time> 完成整治并销号，不再公示详细信息。</p><p>如仍发现排水，请在线举报。</p>`;
}

export const NOT_FOUND_BODY = "<h1>未找到该排污口</h1><p>没有公开的排污口使用这个编号。请核对标识牌上的编号，或拨打标识牌上的举报电话。</p>";

export interface FormOptions {
  outfallCode?: string;
  reportKind?: ReportKind;
  /** Problems to show above the form (a refused submission). */
  errors?: string[];
  values?: Record<string, string>;
}

/** The report form: posts to the API without scripts; `website` is the honeypot (hidden from people). */
export function reportForm(ref: ReferenceIndex, options: FormOptions = {}): string {
  const v = options.values ?? {};
  const kind = (v.reportKind as ReportKind | undefined) ?? options.reportKind ?? "pollution";
  const outfallCode = v.outfallCode ?? options.outfallCode;
  const kinds = REPORT_KIND.keys.map((k) => `<option value="${k}"${k === kind ? " selected" : ""}>${esc(REPORT_KIND.label(k))}</option>`).join("");
  const subdistricts = ref.subdistricts
    .map((s) => `<option value="${esc(s.key)}"${v.subdistrict === s.key ? " selected" : ""}>${esc(s.name)}</option>`)
    .join("");
  return [
    `<h2 id="report">在线举报 / 数据纠错</h2>`,
    options.errors?.length ? `<ul class="errors">${options.errors.map((e) => `<li>${esc(e)}</li>`).join("")}</ul>` : "",
    `<form method="post" action="/v1/public/reports" accept-charset="utf-8">`,
    `<label for="reportKind">类型</label><select id="reportKind" name="reportKind">${kinds}</select>`,
    outfallCode
      ? `<input type="hidden" name="outfallCode" value="${esc(outfallCode)}"><p class="muted">排污口编号：${esc(outfallCode)}</p>`
      : `<label for="subdistrict">属地街道</label><select id="subdistrict" name="subdistrict"><option value="">请选择</option>${subdistricts}</select>`,
    `<label for="description">问题描述（5–1000 字；数据纠错请写明哪项信息有误、应为什么）</label><textarea id="description" name="description" rows="5" minlength="5" maxlength="1000" required>${esc(v.description ?? "")}</textarea>`,
    `<label for="location">位置说明（选填）</label><input id="location" name="location" maxlength="200" value="${esc(v.location ?? "")}">`,
    `<label for="contact">联系方式（选填，仅用于回访，不公开）</label><input id="contact" name="contact" maxlength="60" value="${esc(v.contact ?? "")}">`,
    `<div class="hp" aria-hidden="true"><label for="website">网址（请勿填写）</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>`,
    `<button type="submit">提交</button></form>`,
    `<p class="muted">提交后会得到查询码，凭查询码可查看处理结果。</p>`,
  ].join("");
}

/** A patrol task's status as the reporter reads it. */
const PATROL_PROGRESS: Record<PatrolView["status"], string> = { assigned: "已交属地街道巡查", answered: "街道已反馈巡查结果（待区治水办审核）", accepted: "巡查已办结", returned: "巡查结果退回重办中" };

export function lookupBody(report: PublicReport & { patrol?: PatrolView }): string {
  const t = report.triage;
  return [
    `<h1>举报处理情况</h1>`,
    `<p>查询码 <strong class="code">${esc(report.id)}</strong>（请保存，用于再次查询）</p>`,
    "<dl>",
    row("类型", REPORT_KIND.label(report.kind)),
    row("排污口编号", report.outfallTempId),
    row("提交日期", chinaDate(report.createdAt)),
    `<dt>处理状态</dt><dd class="status">${esc(REPORT_STATUS.label(report.status))}</dd>`,
    t ? row("处理日期", chinaDate(t.at)) : "",
    t?.outcome === "patrol" ? row("巡查期限", report.patrol?.deadline ?? t.dueDate) : "",
    report.patrol ? `<dt>巡查进展</dt><dd class="patrol-status">${esc(PATROL_PROGRESS[report.patrol.status])}</dd>` : "",
    t?.outcome === "new-outfall" ? row("登记编号", t.outfallTempId) : "",
    "</dl>",
    t?.answer ? `<h2>答复</h2><p class="answer">${esc(t.answer)}</p>` : "",
    report.patrol?.answer ? `<h2>巡查反馈</h2><p class="patrol-answer">${esc(report.patrol.answer)}</p><p class="muted">反馈日期 ${esc(chinaDate(report.patrol.answeredAt!))}</p>` : "",
    !t ? `<p class="muted">属地街道会尽快处理，请稍后再查看。</p>` : "",
  ].join("");
}

export function closeoutsBody(items: Closeout[], ref: ReferenceIndex, days: number): string {
  const rows = items
    .map(({ record, outcome, at }) => {
      const what = outcome === "closed" ? `已销号${record.action ? `（${ACTION.label(record.action)}）` : ""}` : "保留";
      const sub = ref.subdistrictByKey.get(record.subdistrict)?.name ?? record.subdistrict;
      const link = outcome === "retained" ? `<a href="/p/${esc(enc(record.tempId))}">${esc(record.tempId)}</a>` : esc(record.tempId);
      return `<tr><td>${esc(chinaDate(at))}</td><td>${link}</td><td>${esc(record.name)}</td><td>${esc(sub)}</td><td>${esc(what)}</td></tr>`;
    })
    .join("");
  return [
    `<h1>销号公示</h1>`,
    `<p class="muted">近 ${days} 天内完成整治销号或认定保留的排污口，共 ${items.length} 个。对公示内容有异议的，可通过页面下方「我要举报」或「数据纠错」反映。</p>`,
    items.length ? `<table><thead><tr><th>日期</th><th>编号</th><th>名称</th><th>街道</th><th>结果</th></tr></thead><tbody>${rows}</tbody></table>` : "<p>近期暂无。</p>",
  ].join("");
}

