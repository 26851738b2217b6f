// The digest for people: an HTML e-mail that renders in common mail clients (tables and CSS bars, no
// scripts, inline styles) with a plain-text part, and a web page with an SVG chart of states per
// subdistrict (overdue marked). Figures come from digest-tables.ts, shared with the spreadsheet.
import { RAG_COLOURS, RAG_LABELS } from "../domain/bulletin.js";
import { STATE_COLOURS } from "../domain/district-map.js";
import { type DocumentParts, copyToLine, sectionHeading } from "../domain/bulletin-issue.js";
import { STATUS } from "../domain/enums.js";
import { INVENTORY_STATES, type Progress } from "../domain/progress.js";
import type { ReferenceIndex } from "../domain/reference.js";
import { LATE_HEADER, bulletinTables, lateRows, ragLegend } from "./digest-bulletin-tables.js";
import { type MailMap, mailMapSection, pageMap } from "./digest-map.js";
import { trendChart } from "./digest-trend.js";
import { OVERDUE_HEADER, type Row, esc, forMode, TRANSITION_HEADER, chinaTime, groupTable, overdueRows, subdistrictTable, transitionRows } from "./digest-tables.js";


/** A cell that holds a light (绿灯/黄灯/红灯) is filled with its colour. */
const LIGHT_BY_LABEL = new Map((["green", "amber", "red"] as const).map((r) => [RAG_LABELS[r], RAG_COLOURS[r]]));
const FONT = "font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;";
const CELL = "border:1px solid #d0d7de;padding:4px 6px;font-size:13px;";

function table(header: Row, rows: Row[], opts: { total?: Row; bar?: (row: Row) => number } = {}): string {
  const head = header.map((h) => `<th style="${CELL}background:#f3f6f9;text-align:center;">${esc(h)}</th>`).join("");
  const line = (r: Row, bold = false) =>
    `<tr>${r
      .map((c, i) => {
        const bar = opts.bar && i === 1 && !bold ? barCell(opts.bar(r)) : "";
        const light = LIGHT_BY_LABEL.get(String(c));
        return `<td style="${CELL}${typeof c === "number" ? "text-align:right;" : ""}${bold ? "font-weight:bold;" : ""}${light ? `background:${light};text-align:center;` : ""}">${esc(c)}${bar}</td>`;
      })
      .join("")}</tr>`;
  return `<table cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:8px 0 16px;${FONT}"><thead><tr>${head}</tr></thead><tbody>${rows
    .map((r) => line(r))
    .join("")}${opts.total ? line(opts.total, true) : ""}</tbody></table>`;
}

/** A CSS bar mail clients render: a two-cell table whose first cell is as wide as the share done. */
function barCell(percent: number): string {
  const done = Math.max(0, Math.min(100, Math.round(percent)));
  return `<table cellpadding="0" cellspacing="0" width="120" style="border-collapse:collapse;margin-top:3px;"><tr>${
    done ? `<td width="${done}%" style="background:#2e7d32;height:6px;font-size:0;line-height:0;">&nbsp;</td>` : ""
  }${done < 100 ? `<td width="${100 - done}%" style="background:#e0e0e0;height:6px;font-size:0;line-height:0;">&nbsp;</td>` : ""}</tr></table>`;
}

function sections(p: Progress, ref: ReferenceIndex): { title: string; html: string; text: string[] }[] {
  const subName = (k: string) => ref.subdistrictByKey.get(k)?.name ?? k;
  const subs = forMode(p, subdistrictTable(p));
  const donePctIndex = subs.header.indexOf("完成率(%)");
  const departments = forMode(p, groupTable("监管部门", p.byDepartment));
  const categories = forMode(p, groupTable("排污口类型", p.byCategory));
  const inventories = forMode(p, groupTable("清单", p.byInventory ?? []));
  const overdue = overdueRows(p, subName);
  const gaps = p.district.gaps;
  const out: { title: string; html: string; text: string[] }[] = [];
  const b = p.bulletin;
  // The bulletin's figures come first: milestones, remediation, lights, whom late outfalls wait on.
  for (const t of b ? bulletinTables(b, ref) : []) {
    const note = t.note ? `<p style="${FONT}font-size:12px;color:#57606a;">${esc(t.note)}</p>` : "";
    out.push({ title: t.title, html: table(t.header, t.rows) + note, text: [t.header, ...t.rows].map((r) => r.join("\t")).concat(t.note ? [t.note] : []) });
  }
  if (b?.bySubdistrict.length) {
    const legend = ragLegend(b);
    out.push({ title: "亮灯说明", html: `<p class="legend" style="${FONT}font-size:12px;color:#57606a;">${esc(legend)}</p>`, text: [legend] });
  }
  out.push({
    title: "各街道进度（按完成率排名）",
    html: table(subs.header, subs.rows, { total: subs.total, bar: (r) => Number(r[donePctIndex]) }),
    text: [subs.header, ...subs.rows, subs.total].map((r) => r.join("\t")),
  });
  if (inventories.rows.length) out.push({ title: "排污口清单与城镇雨洪排口清单", html: table(inventories.header, inventories.rows), text: [inventories.header, ...inventories.rows].map((r) => r.join("\t")) });
  if (departments.rows.length) out.push({ title: "各监管部门", html: table(departments.header, departments.rows), text: [departments.header, ...departments.rows].map((r) => r.join("\t")) });
  if (categories.rows.length) out.push({ title: "各类型", html: table(categories.header, categories.rows), text: [categories.header, ...categories.rows].map((r) => r.join("\t")) });
  const late = b ? lateRows(b, ref) : [];
  if (late.length) {
    out.push({
      title: `逾期或滞留排污口及等待对象（共 ${b!.lateList.length} 个${b!.lateList.length > late.length ? `，列出逾期最久的 ${late.length} 个` : ""}）`,
      html: table(LATE_HEADER, late),
      text: [LATE_HEADER, ...late].map((r) => r.join("\t")),
    });
  } else {
    out.push({
      title: `逾期排污口（共 ${p.district.overdue} 个${p.overdueList.length > overdue.length ? `，列出逾期最久的 ${overdue.length} 个` : ""}）`,
      html: overdue.length ? table(OVERDUE_HEADER, overdue) : `<p style="${FONT}">无逾期排污口。</p>`,
      text: overdue.length ? [OVERDUE_HEADER, ...overdue].map((r) => r.join("\t")) : ["无逾期排污口。"],
    });
  }
  // R-TRANSITION: every open transition period is listed (digests kept from before lack the list).
  const transitions = transitionRows(p, subName);
  if (transitions.length) {
    out.push({
      title: `过渡期排污口（共 ${transitions.length} 个）`,
      html: table(TRANSITION_HEADER, transitions),
      text: [TRANSITION_HEADER, ...transitions].map((r) => r.join("\t")),
    });
  }
  if (p.openReports) {
    const reports = p.openReports.bySubdistrict.filter((g) => p.bySubdistrict.some((b) => b.key === g.key));
    const line = reports.length ? `待处理的公众举报和数据纠错：${reports.map((g) => `${g.name} ${g.count} 条`).join("、")}（在表格「举报」页或 GET /v1/reports 处理）` : "没有待处理的公众举报。";
    out.push({ title: "公众举报", html: `<p class="reports" style="${FONT}font-size:13px;">${esc(line)}</p>`, text: [line] });
  }
  out.push({
    title: `档案完整性（完整率 ${p.district.completePct}%）`,
    html: gaps.length
      ? `<p style="${FONT}font-size:13px;">最常缺少的字段：${gaps.map((g) => `${esc(g.label)}（${g.count} 个）`).join("、")}</p>`
      : `<p style="${FONT}font-size:13px;">各排污口档案均已按所处阶段填写完整。</p>`,
    text: [gaps.length ? `最常缺少的字段：${gaps.map((g) => `${g.label}（${g.count} 个）`).join("、")}` : "各排污口档案均已按所处阶段填写完整。"],
  });
  return out;
}

function headline(p: Progress): string {
  const d = p.district;
  const change = p.changes ? `；较上期（${chinaTime(p.changes.district.since)}）完成 ${p.changes.district.done >= 0 ? "+" : ""}${p.changes.district.done} 个` : "";
  // A subdistrict's view of the digest (a clerk's) has its own group as the headline.
  const scope = p.bySubdistrict.length === 1 && p.bySubdistrict[0]!.key === d.key ? `${d.label}排污口` : "全区排污口";
  // In supervision every campaign deadline has passed: nothing falls due in 30 days, so it is not said.
  const dueSoon = p.bulletin?.mode === "supervision" ? "" : `30 天内到期 ${d.dueSoon} 个，`;
  const mode = p.bulletin?.mode === "supervision" ? `整治行动已于 ${p.bulletin.campaignEnd} 结束，现处动态监管阶段。` : "";
  return `${mode}${scope} ${d.total} 个，已溯源 ${d.traced} 个（${d.tracedPct}%），已完成整治 ${d.done} 个（${d.donePct}%），逾期 ${d.overdue} 个，${dueSoon}30 天未更新 ${d.stalled} 个，晴天排水的城镇雨洪排口尚有 ${d.dryWeatherOpen} 个未完成${change}。`;
}

/** The issuing header of a bulletin (调度通报): issuing body, 第 N 期, issuing body and date under a red rule. */
function documentHeader(doc: DocumentParts): { html: string; text: string[] } {
  const html = `<div class="bulletin-header" style="${FONT}text-align:center;border-bottom:2px solid #c00000;padding-bottom:6px;margin-bottom:12px;">
<div style="${FONT}font-size:26px;font-weight:bold;color:#c00000;letter-spacing:2px;">${esc(doc.issuer)}调度通报</div>
<div style="${FONT}font-size:15px;margin:6px 0;">${esc(doc.number)}</div>
<div style="${FONT}font-size:13px;display:flex;justify-content:space-between;"><span>${esc(doc.issuer)}</span><span>${esc(doc.date)}</span></div></div>`;
  return { html, text: [`${doc.issuer}调度通报`, doc.number, `${doc.issuer}　${doc.date}`, ""] };
}

/** The narrative: 一、工作进展 / 二、存在问题 / 三、下步工作, before the figures. */
function documentSections(doc: DocumentParts): { html: string; text: string[] } {
  const html = doc.sections
    .map(
      (s, i) =>
        `<h3 class="narrative" style="${FONT}font-size:16px;margin:14px 0 4px;">${esc(sectionHeading(i, s.label))}</h3>${s.text
          .split(/\n+/)
          .map((t) => `<p style="${FONT}font-size:15px;line-height:1.8;text-indent:2em;margin:0 0 6px;">${esc(t)}</p>`)
          .join("")}`,
    )
    .join("\n");
  return { html, text: doc.sections.flatMap((s, i) => ["", sectionHeading(i, s.label), s.text]) };
}

/** The digest as an e-mail; with `doc` (a bulletin) it carries the issuing header, the title, the narrative
 *  and 抄送 around the same figures; with `map` (the image attached under its Content-ID) the map follows the headline. */
export function renderDigestEmail(
  p: Progress,
  ref: ReferenceIndex,
  doc?: DocumentParts,
  opts: { map?: Pick<MailMap, "cid" | "width" | "height"> } = {},
): { subject: string; html: string; text: string } {
  const when = chinaTime(p.asOf);
  const title = doc?.title ?? `${p.bulletin?.title ?? p.campaign.name} 进度通报`;
  const subject = doc
    ? `【调度通报】${doc.issuer} ${doc.number}：${doc.title}`
    : `【${p.bulletin?.mode === "supervision" ? "排污口动态监管" : "排污口整治进度"}】${p.district.label ?? ref.district.name} ${when.slice(0, 10)}：完成 ${p.district.donePct}%，逾期 ${p.district.overdue} 个`;
  const parts = [...(opts.map ? [mailMapSection(p, ref, opts.map)] : []), ...sections(p, ref)];
  const header = doc ? documentHeader(doc) : undefined;
  const narrative = doc ? documentSections(doc) : undefined;
  const copy = doc ? copyToLine(doc.copyTo) : "";
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="margin:0;padding:16px;background:#ffffff;color:#1f2328;${FONT}">
${header?.html ?? ""}
<h2 style="${FONT}font-size:18px;margin:0 0 4px;${doc ? "text-align:center;" : ""}">${esc(title)}</h2>
<p style="${FONT}font-size:12px;color:#57606a;margin:0 0 12px;">统计时间：${esc(when)}（北京时间）</p>
${narrative ? `${narrative.html}\n<h3 style="${FONT}font-size:16px;margin:14px 0 4px;">${esc(sectionHeading(doc!.sections.length, "主要数据"))}</h3>` : ""}
<p style="${FONT}font-size:14px;line-height:1.6;">${esc(headline(p))}</p>
${parts.map((s) => `<h3 style="${FONT}font-size:15px;margin:16px 0 4px;">${esc(s.title)}</h3>${s.html}`).join("\n")}
${copy ? `<p class="copy-to" style="${FONT}font-size:13px;border-top:1px solid #1f2328;border-bottom:1px solid #1f2328;padding:4px 0;margin-top:24px;">${esc(copy)}</p>` : ""}
<p style="${FONT}font-size:12px;color:#57606a;">本通报由排污口排查整治台账系统${doc ? "生成" : "自动生成"}。</p>
</body></html>`;
  const text = [
    ...(header?.text ?? []),
    title,
    `统计时间：${when}（北京时间）`,
    ...(narrative ? [...narrative.text, "", sectionHeading(doc!.sections.length, "主要数据")] : [""]),
    headline(p),
    ...parts.flatMap((s) => ["", `【${s.title}】`, ...s.text]),
    ...(copy ? ["", copy] : []),
  ].join("\n");
  return { subject, html, text };
}

/** Stacked horizontal bars: one row per subdistrict, a segment per state, overdue marked in red. */
export function progressChart(p: Progress): string {
  const rowH = 26;
  const labelW = 96;
  const barW = 600;
  const top = 34;
  const max = Math.max(1, ...p.bySubdistrict.map((g) => g.total));
  const height = top + p.bySubdistrict.length * rowH + 20;
  const legend = INVENTORY_STATES.map(
    (s, i) => `<g transform="translate(${labelW + i * 82},6)"><rect width="12" height="12" fill="${STATE_COLOURS[s]}"/><text x="16" y="11" font-size="12">${esc(STATUS.label(s))}</text></g>`,
  ).join("") + `<g transform="translate(${labelW + INVENTORY_STATES.length * 82},6)"><rect width="12" height="12" rx="2" fill="#d32f2f"/><text x="16" y="11" font-size="12">逾期数</text></g>`;
  const bars = p.bySubdistrict
    .map((g, row) => {
      const y = top + row * rowH;
      let x = labelW;
      const segments = INVENTORY_STATES.filter((s) => g.byStatus[s] > 0)
        .map((s) => {
          const w = (g.byStatus[s] / max) * barW;
          const rect = `<rect class="segment" data-state="${s}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${STATE_COLOURS[s]}"><title>${esc(g.label)} ${esc(STATUS.label(s))} ${g.byStatus[s]}</title></rect>`;
          x += w;
          return rect;
        })
        .join("");
      const overdue = g.overdue
        ? `<g class="overdue"><rect x="${(x + 6).toFixed(1)}" y="${y + 2}" width="${14 + String(g.overdue).length * 7}" height="${rowH - 12}" rx="3" fill="#d32f2f"/><text x="${(x + 10).toFixed(1)}" y="${y + rowH - 13}" font-size="11" fill="#fff">${g.overdue}</text></g>`
        : "";
      return `<g class="bar" data-subdistrict="${esc(g.key)}"><text x="${labelW - 6}" y="${y + rowH - 12}" font-size="13" text-anchor="end">${esc(g.label)}</text>${segments}${overdue}</g>`;
    })
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="各街道排污口状态" width="${labelW + barW + 80}" height="${height}" viewBox="0 0 ${labelW + barW + 80} ${height}" style="${FONT}">${legend}
${bars}</svg>`;
}

export function renderDigestPage(p: Progress, ref: ReferenceIndex, doc?: DocumentParts): string {
  const email = renderDigestEmail(p, ref, doc);
  const body = email.html.slice(email.html.indexOf("<body"), email.html.indexOf("</body>"));
  const trend = trendChart(p);
  const chart = `<h3 style="${FONT}font-size:15px;margin:16px 0 4px;">各街道排污口状态</h3>${progressChart(p)}${pageMap(p, ref)}${
    trend ? `<h3 style="${FONT}font-size:15px;margin:16px 0 4px;">完成率与逾期趋势（按周）</h3>${trend}` : ""
  }`;
  // The page is the e-mail with the chart placed after the headline.
  const withChart = body.replace(/(<p style="[^"]*font-size:14px;[^"]*">[\s\S]*?<\/p>)/, `$1\n${chart}`);
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(email.subject)}</title></head>${withChart}</body></html>`;
}
