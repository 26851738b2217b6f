// The 举报 sheet: public reports (举报/数据纠错) of the clerk's subdistrict pulled into a side sheet; the clerk
// fills 处理结果 (转巡查 / 新增疑似排口 / 答复并关闭) with its answer, due date or position, and sends them.
import { cardApi } from "./card-session.js";
import * as engine from "./engine.js";
import { describeFailure } from "./http.js";
import type { Env } from "./ports.js";

export const REPORT_SHEET = "举报";

/** Column order of the sheet; 查询码 and 版本 identify the report and the version the triage is based on. */
export const REPORT_HEADER = [
  "查询码",
  "类型",
  "排污口编号",
  "问题描述",
  "位置说明",
  "联系方式",
  "提交时间",
  "状态",
  "处理结果",
  "答复内容",
  "巡查期限",
  "经度",
  "纬度",
  "受纳水体",
  "发送结果",
  "版本",
] as const;
const col = (name: (typeof REPORT_HEADER)[number]) => REPORT_HEADER.indexOf(name);

interface ReportItem {
  id: string;
  kindLabel: string;
  outfallTempId?: string;
  description: string;
  location?: string;
  contact?: string;
  createdAt: string;
  statusLabel: string;
  version: number;
}

/** Replaces the sheet with the open reports of the clerk's subdistrict (coordinators: the district). */
export function pullReports(env: Env): { count: number } {
  const api = cardApi(env);
  const [outcome] = api.send([api.request("get", "/v1/reports?status=open")]);
  const { items } = api.json<{ items: ReportItem[] }>(outcome!);
  const rows = items.map((r) => [r.id, r.kindLabel, r.outfallTempId ?? "", r.description, r.location ?? "", r.contact ?? "", r.createdAt, r.statusLabel, "", "", "", "", "", "", "", r.version]);
  env.workbook.writeTable(REPORT_SHEET, [[...REPORT_HEADER], ...rows], { hiddenColumns: [col("版本")] });
  env.workbook.activate(REPORT_SHEET);
  env.ui.toast(items.length ? `待处理举报 ${items.length} 条：在「处理结果」列选择处理方式后点「举报：发送处理结果」` : "没有待处理的举报", "排污口");
  return { count: items.length };
}

const text = (v: unknown) => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());

/** Sends each row with a 处理结果; the row's 发送结果 says what happened; handled rows leave at the next pull. */
export function sendTriage(env: Env): { sent: number; refused: number } {
  const table = env.workbook.readTable(REPORT_SHEET);
  if (table.length < 2) throw new engine.UserError("「举报」表中没有举报：请先点「举报：拉取待处理」");
  const api = cardApi(env);
  let sent = 0;
  let refused = 0;
  const out = table.map((row) => [...row]);
  for (const row of out.slice(1)) {
    const outcome = text(row[col("处理结果")]);
    if (!outcome) continue;
    const longitude = Number(text(row[col("经度")]));
    const latitude = Number(text(row[col("纬度")]));
    const body = {
      outcome,
      expectedVersion: Number(row[col("版本")]),
      ...(text(row[col("答复内容")]) ? { answer: text(row[col("答复内容")]) } : {}),
      ...(text(row[col("巡查期限")]) ? { dueDate: text(row[col("巡查期限")]) } : {}),
      ...(text(row[col("经度")]) || text(row[col("纬度")]) || text(row[col("受纳水体")])
        ? { outfall: { longitude, latitude, waterBody: text(row[col("受纳水体")]) } }
        : {}),
    };
    const [result] = api.send([api.request("post", `/v1/reports/${encodeURIComponent(text(row[col("查询码")]))}/triage`, JSON.stringify(body))]);
    if (result && "response" in result && result.response.status < 300) {
      const report = api.json<{ status: string; triage?: { outfallTempId?: string } }>(result);
      row[col("状态")] = "已处理";
      row[col("发送结果")] = `已发送${report.triage?.outfallTempId ? `，登记为 ${report.triage.outfallTempId}` : ""}`;
      sent++;
    } else {
      row[col("发送结果")] = describeFailure(result!, api.baseUrl).message;
      refused++;
    }
  }
  env.workbook.writeTable(REPORT_SHEET, out, { hiddenColumns: [col("版本")] });
  env.ui.toast(`已发送 ${sent} 条处理结果${refused ? `，${refused} 条未通过（见「发送结果」列）` : ""}`, "排污口");
  return { sent, refused };
}

/** The printable signboards of the clerk's subdistrict (GET /v1/signboards), with a print button. */
export function signboardsPage(env: Env): string {
  const api = cardApi(env);
  const [outcome] = api.send([api.request("get", "/v1/signboards")]);
  if (!outcome || !("response" in outcome) || outcome.response.status >= 300) throw new engine.UserError(describeFailure(outcome!, api.baseUrl).message);
  const button = `<p class="no-print" style="font:14px sans-serif"><button onclick="window.print()">打印 / 另存为 PDF</button> 每页一块（480 × 300 mm），打印时选择「实际大小」。</p><style>@media print{.no-print{display:none}}</style>`;
  return outcome.response.body.replace("<body>", `<body>${button}`);
}
