// 导出 over fake ports (no Apps Script, no network): what it asks the API and what it writes. The round trips
// run in test/addon/export.test.ts against the local stack.
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../sheets-addon/src/core/csv.js";
import { exportLinks, exportToSheet } from "../../../sheets-addon/src/core/export.js";
import type { HttpRequest, HttpResponse } from "../../../sheets-addon/src/core/http.js";
import type { Env } from "../../../sheets-addon/src/core/ports.js";

function fakeEnv(answer: (r: HttpRequest) => HttpResponse) {
  const sent: HttpRequest[] = [];
  const tables = new Map<string, unknown[][]>();
  const toasts: string[] = [];
  const env = {
    workbook: { writeTable: (name: string, rows: unknown[][]) => void tables.set(name, rows), activate: () => undefined },
    http: {
      fetchAll: (requests: HttpRequest[]) => {
        sent.push(...requests);
        return requests.map(answer);
      },
    },
    clock: { sleep: () => undefined, now: () => Date.now() },
    identityToken: () => "token",
    documentSettings: { get: () => null, set: () => undefined, remove: () => undefined },
    scriptSettings: { get: (k: string) => (k === "API_BASE_URL" ? "https://api.example.cn" : null) },
    ui: { toast: (m: string) => void toasts.push(m), alert: () => undefined },
  } as unknown as Env;
  return { env, sent, tables, toasts };
}

describe("导出 from the add-on", () => {
  it("writes the CSV into the layout's sheet and says how many rows", () => {
    // Prepare
    const csv = '\uFEFF排污口编码,排污口名称\r\n33010220231234567890,"甲,乙""桥"""\r\nSC-KX-0002,\r\n';
    const { env, sent, tables, toasts } = fakeEnv(() => ({ status: 200, body: csv, headers: { "Content-Type": "text/csv; charset=utf-8" } }));
    // Act
    const result = exportToSheet(env, "retained");
    // Assess
    expect(sent.map((r) => r.url)).toEqual(["https://api.example.cn/v1/exports/retained?format=csv"]);
    expect(tables.get("省平台保留清单")).toEqual([["排污口编码", "排污口名称"], ["33010220231234567890", '甲,乙"桥"'], ["SC-KX-0002", ""]]);
    expect(result).toEqual({ sheet: "省平台保留清单", rows: 2 });
    expect(toasts).toEqual(["已导出 2 行到「省平台保留清单」表"]);
  });

  it("points to the download when the file is too large for the sheet, and passes the API's refusal on", () => {
    // Prepare
    const large = fakeEnv(() => ({ status: 200, body: JSON.stringify({ download: { url: "https://s3/x" } }), headers: { "content-type": "application/json" } }));
    const refused = fakeEnv(() => ({ status: 403, body: JSON.stringify({ detail: "您是湖滨街道经办人，只能导出湖滨街道的清单" }), headers: {} }));
    // Act
    const tooLarge = () => exportToSheet(large.env, "provincial");
    const forbidden = () => exportToSheet(refused.env, "provincial");
    // Assess
    expect(tooLarge).toThrow("「省平台台账」数据量较大，不能写入表格：请用菜单「导出：下载 Excel 文件」下载");
    expect(forbidden).toThrow("没有权限（403）：您是湖滨街道经办人，只能导出湖滨街道的清单");
    expect(large.tables.size).toBe(0);
  });

  it("asks a download link for each Excel file", () => {
    // Prepare
    const { env, sent } = fakeEnv((r) => ({ status: 200, body: JSON.stringify({ download: { url: `${r.url}&signed`, fileName: "f.xlsx", expiresAt: "2026-12-01T00:15:00Z" } }), headers: {} }));
    // Act
    const links = exportLinks(env);
    // Assess
    expect(sent.map((r) => r.url.replace("https://api.example.cn", ""))).toEqual(["/v1/exports/provincial?delivery=link", "/v1/exports/retained?delivery=link", "/v1/exports/lists?delivery=link"]);
    expect(links[0]).toEqual({ label: "省平台台账（浙里碧水/浙里蓝海）", fileName: "f.xlsx", url: "https://api.example.cn/v1/exports/provincial?delivery=link&signed", expiresAt: "2026-12-01T00:15:00Z" });
  });

  it("parses CSV as Excel writes it: quotes, doubled quotes, CRLF, a last line without a break", () => {
    expect(parseCsv('a,"b\r\nc"\r\n"",d')).toEqual([["a", "b\r\nc"], ["", "d"]]);
  });
});
