// GET /v1/exports/{layout}: the ledger and the retained list in the provincial layout, the plan's lists as
// workbooks; xlsx opened by LibreOffice headless, CSV as Excel/WPS read it; each role's scope. The exports are
// served by an API server inside this test process (same store as the shared stack), so coverage sees them.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resetRuntime } from "../../functions/src/config.js";
import { startApiServer } from "../../local/server.js";
import { exportMain, runExport } from "../../workbook/src/export.js";
import { main } from "../../workbook/src/main.js";
import { sofficeSheets } from "../fixtures/soffice.js";
import { tokenFor } from "./client.js";
import { ok, party, traced } from "./steps.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";

const PROVINCIAL_CODE = "33010220230000012345"; // 20 digits: a number would show as 3.30102E+19
const NAME = "凯旋街道导出测试路桥东侧城镇雨洪排口";

let server: Awaited<ReturnType<typeof startApiServer>>;
const baseUrl = () => server.url;

async function download(path: string, as: string | null) {
  const res = await fetch(`${baseUrl()}${path}`, { headers: as ? { authorization: `Bearer ${await tokenFor(as)}` } : {} });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The answer as JSON when it is JSON, else as text. */
async function call(_method: "GET", path: string, options: { as: string | null }) {
  const { status, headers, bytes } = await download(path, options.as);
  const text = new TextDecoder().decode(bytes);
  return { status, headers, body: (headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text };
}

const fileName = (disposition: string | null) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition ?? "")?.[1] ?? "");
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

let retained: { id: string; tempId: string };

beforeAll(async () => {
  Object.assign(process.env, inject("env"), { LOG_LEVEL: "silent" });
  resetRuntime();
  server = await startApiServer(0);
  // A retained stormwater outlet of 凯旋街道, supervised by 区综合行政执法局 (the keep path).
  const o = await traced(
    { subcategory: "urban-stormwater", name: NAME, provincialCode: PROVINCIAL_CODE, signboard: { installed: true, installedAt: "2023-09-01" } },
    [Object.assign(party("凯旋导出测试物业"), { phone: "0571-86001234" })],
  );
  await ok(o.id, "plan", { remediation: "keep" });
  await ok(o.id, "accept", {}, ENFORCEMENT);
  retained = await ok(o.id, "retain", {}, ENFORCEMENT);
});

afterAll(async () => {
  await server?.close();
  resetRuntime();
});

describe("GET /v1/exports/{layout}", () => {
  it("provincial xlsx: LibreOffice reads the title, the unit and date, the headers and the record's row", async () => {
    // Prepare
    const path = "/v1/exports/provincial?subdistrict=kaixuan";
    // Act
    const reply = await download(path, COORDINATOR);
    const sheets = await sofficeSheets(reply.bytes);
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("spreadsheetml");
    expect(reply.headers.get("content-disposition")).toContain(`filename="provincial-${today()}.xlsx"`);
    expect(fileName(reply.headers.get("content-disposition"))).toBe(`上城区凯旋街道入河入海排污口台账-${today()}.xlsx`);
    const rows = sheets.get("排污口台账")!;
    expect(rows[0]![0]).toBe("上城区凯旋街道入河入海排污口台账");
    expect(rows[1]![0]).toBe("填报单位：上城区凯旋街道");
    expect(rows[1]!.at(-1)).toBe(`导出日期：${today()}`);
    const headers = rows[2]!;
    expect(headers.slice(0, 4)).toEqual(["序号", "排污口编码", "国家统一编码", "排污口名称"]);
    const row = rows.find((r) => r[0] === retained.tempId)!;
    const at = (header: string) => row[headers.indexOf(header)];
    expect(at("排污口编码")).toBe(PROVINCIAL_CODE);
    expect(at("排污口名称")).toBe(NAME);
    expect(at("所在街道")).toBe("凯旋街道");
    expect(at("经度")).toBe("120.196000");
    expect(at("受纳水体")).toBe("新塘河");
    expect(at("责任主体")).toBe("凯旋导出测试物业");
    expect(at("联系电话")).toBe("0571-86001234");
    expect(at("监管部门")).toBe("区综合行政执法局");
    expect(at("整治状态")).toBe("无需整治");
    expect(at("是否保留")).toBe("保留（无需整治）");
    expect(at("验收时间")).toBe(today());
    expect(rows.slice(3).every((r) => r[headers.indexOf("所在街道")] === "凯旋街道")).toBe(true);
  });

  it("xlsx cells: codes are text, dates real dates, coordinates numbers; the header row is frozen", async () => {
    // Prepare
    const book = new ExcelJS.Workbook();
    // Act
    await book.xlsx.load(Buffer.from((await download("/v1/exports/retained?subdistrict=kaixuan", COORDINATOR)).bytes) as never);
    // Assess
    const sheet = book.getWorksheet("保留清单")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    const headers = (sheet.getRow(3).values as unknown[]).slice(1);
    const row = sheet.getRows(4, sheet.rowCount - 3)!.find((r) => r.getCell(2).value === retained.tempId)!;
    const cell = (header: string) => row.getCell(headers.indexOf(header) + 1);
    expect(cell("排污口编码").value).toBe(PROVINCIAL_CODE);
    expect(cell("排污口编码").numFmt).toBe("@");
    expect(cell("立牌日期").value).toEqual(new Date("2023-09-01T00:00:00Z"));
    expect(cell("立牌日期").numFmt).toBe("yyyy-mm-dd");
    expect(cell("经度").value).toBe(120.196);
    expect(cell("保留类型").value).toBe("保留（无需整治）");
  });

  it("CSV: UTF-8 with BOM, the province's headers, the record's row, a Chinese file name", async () => {
    // Prepare
    const path = "/v1/exports/retained?format=csv";
    // Act
    const reply = await download(path, CLERK);
    // Assess
    expect(reply.status).toBe(200);
    expect([...reply.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(fileName(reply.headers.get("content-disposition"))).toBe(`上城区凯旋街道入河入海排污口保留清单-${today()}.csv`);
    const text = new TextDecoder().decode(reply.bytes);
    expect(text.split("\r\n")[0]).toBe("排污口编码,临时编号,排污口名称,所属清单,排污口类型,入河/入海,所在街道,经度,纬度,受纳水体,责任主体,统一社会信用代码,联系电话,管理主体,监管部门,保留类型,审批/备案情况,审批文号,完成时间,验收时间,是否树标立牌,立牌日期");
    expect(text).toContain(`${PROVINCIAL_CODE},${retained.tempId},${NAME},城镇雨洪排口清单,城镇雨洪排口,`);
  });

  it("the plan's lists: one sheet per list with its title; CSV takes one list", async () => {
    // Prepare
    const path = "/v1/exports/lists?kind=retained,problems,管理主体清单";
    // Act
    const reply = await download(path, CLERK);
    const sheets = await sofficeSheets(reply.bytes);
    const csv = await call("GET", "/v1/exports/lists?kind=retained&format=csv", { as: CLERK });
    const twoAsCsv = await call("GET", "/v1/exports/lists?kind=retained,closed&format=csv", { as: CLERK });
    // Assess
    expect(reply.status).toBe(200);
    expect(fileName(reply.headers.get("content-disposition"))).toBe(`上城区凯旋街道排污口排查整治清单-${today()}.xlsx`);
    expect([...sheets.keys()].sort()).toEqual(["保留排污口清单", "问题排污口清单", "管理主体清单"].sort());
    const list = sheets.get("保留排污口清单")!;
    expect(list[0]![0]).toBe("上城区凯旋街道保留排污口清单");
    expect(list[2]!.slice(0, 3)).toEqual(["临时编号", "国家统一编码", "排污口名称"]);
    expect(list.find((r) => r[0] === retained.tempId)).toBeDefined();
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(retained.tempId);
    expect(twoAsCsv.status).toBe(400);
    expect(twoAsCsv.body.errors[0]).toMatchObject({ field: "kind", rule: "R-FORMAT" });
  });

  it("a large file goes by link: the file is left in storage and the link downloads it", async () => {
    // Prepare
    const path = "/v1/exports/provincial?delivery=link";
    // Act
    const reply = await call("GET", path, { as: COORDINATOR });
    const file = await fetch(reply.body.download.url);
    const sheets = await sofficeSheets(new Uint8Array(await file.arrayBuffer()));
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.download).toMatchObject({ fileName: `上城区入河入海排污口台账-${today()}.xlsx` });
    expect(Date.parse(reply.body.download.expiresAt)).toBeGreaterThan(Date.now());
    expect(file.status).toBe(200);
    expect(sheets.get("排污口台账")![0]![0]).toBe("上城区入河入海排污口台账");
    expect(sheets.get("排污口台账")!.some((r) => r[0] === retained.tempId)).toBe(true);
  });
});

describe("export scope", () => {
  it("a clerk exports their own subdistrict and is refused another's", async () => {
    // Prepare
    const own = "/v1/exports/provincial?format=csv";
    // Act
    const ownCsv = await call("GET", own, { as: CLERK });
    const otherOwn = await call("GET", own, { as: OTHER_CLERK });
    const other = await call("GET", "/v1/exports/provincial?subdistrict=kaixuan", { as: OTHER_CLERK });
    // Assess
    expect(ownCsv.body).toContain(retained.tempId);
    expect(otherOwn.status).toBe(200);
    expect(otherOwn.body).not.toContain(retained.tempId);
    expect(other.status).toBe(403);
    expect(other.body.errors[0]).toMatchObject({ field: "subdistrict", rule: "R-SCOPE" });
    expect(other.body.errors[0].message).toContain("湖滨街道");
  });

  it("a department exports what it supervises; a coordinator everything", async () => {
    // Prepare
    const path = "/v1/exports/provincial?format=csv";
    // Act
    const supervising = await call("GET", path, { as: ENFORCEMENT });
    const other = await call("GET", path, { as: DEPARTMENT });
    const coordinator = await call("GET", path, { as: COORDINATOR });
    // Assess
    expect(supervising.body).toContain(retained.tempId);
    expect(supervising.body.split("\r\n").slice(1, -1).every((line: string) => line.includes("区综合行政执法局"))).toBe(true);
    expect(other.status).toBe(200);
    expect(other.body).not.toContain(retained.tempId);
    expect(coordinator.body).toContain(retained.tempId);
  });

  it("refuses an unknown layout with the valid ones, and a request without a token", async () => {
    // Prepare
    const path = "/v1/exports/everything";
    // Act
    const unknown = await call("GET", path, { as: COORDINATOR });
    const anonymous = await call("GET", "/v1/exports/provincial", { as: null });
    // Assess
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: "layout", rule: "R-ENUM" });
    expect(unknown.body.errors[0].message).toContain("省平台台账（provincial）");
    expect(anonymous.status).toBe(401);
  });
});

describe("bad export requests", () => {
  it("are refused with a 4xx, the field and the rule, in Chinese", async () => {
    // Prepare
    const paths = [
      "/v1/exports/provincial?format=pdf",
      "/v1/exports/provincial?subdistrict=火星",
      "/v1/exports/lists?kind=everything",
      "/v1/exports/provincial?delivery=email",
      "/v1/exports/provincial?sort=name",
    ];
    // Act
    const replies = await Promise.all(paths.map((p) => call("GET", p, { as: COORDINATOR })));
    // Assess
    expect(replies.map((r) => r.status)).toEqual([400, 422, 400, 400, 400]); // an unknown subdistrict is R-REFERENCE (422), as in the lists
    expect(replies.map((r) => [r.body.errors[0].field, r.body.errors[0].rule])).toEqual([
      ["format", "R-ENUM"],
      ["subdistrict", "R-REFERENCE"],
      ["kind", "R-ENUM"],
      ["delivery", "R-ENUM"],
      ["sort", "R-UNKNOWN-FIELD"],
    ]);
    for (const r of replies) expect(r.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("npm run export", () => {
  it("saves the export under the server's Chinese file name, with the address and token from the environment", async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), "export-"));
    const environment = { LEDGER_API_URL: baseUrl(), LEDGER_TOKEN: await tokenFor(CLERK) };
    // Act
    const csv = await runExport({ layout: "retained", format: "csv" }, environment, dir);
    const linked = await runExport({ layout: "provincial", delivery: "link", out: "台账.xlsx" }, environment, dir);
    // Assess
    expect(basename(csv.path)).toBe(`上城区凯旋街道入河入海排污口保留清单-${today()}.csv`);
    expect(await readFile(csv.path, "utf8")).toContain(`${PROVINCIAL_CODE},${retained.tempId}`);
    expect(linked).toMatchObject({ path: join(dir, "台账.xlsx"), viaLink: true });
    expect((await sofficeSheets(await readFile(linked.path))).get("排污口台账")!.some((r) => r[0] === retained.tempId)).toBe(true);
  });

  it("is also a command of the workbook tool", async () => {
    // Prepare
    const out = join(await mkdtemp(join(tmpdir(), "export-")), "保留清单.csv");
    const lines: string[] = [];
    // Act
    const code = await main(["export", "--layout", "retained", "--format", "csv", "--out", out, "--api", baseUrl(), "--token", await tokenFor(CLERK)], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    // Assess
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^已导出：.*保留清单\.csv（\d+ 字节）$/);
    expect(await readFile(out, "utf8")).toContain(retained.tempId);
  });

  it("says in Chinese what is wrong: usage, a refused scope, a missing token", async () => {
    // Prepare
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const environment = { LEDGER_API_URL: baseUrl(), LEDGER_TOKEN: await tokenFor(OTHER_CLERK) };
    // Act
    const usage = await exportMain(["--format", "pdf", "--layout", "provincial"], io);
    const refused = await runExport({ layout: "provincial", subdistrict: "凯旋" }, environment).catch((e: Error) => e.message);
    const noToken = await runExport({ layout: "provincial" }, { LEDGER_API_URL: baseUrl() }).catch((e: Error) => e.message);
    // Assess
    expect(usage).toBe(2);
    expect(lines[0]).toBe("错误：--format 应为 xlsx 或 csv，收到「pdf」\n");
    expect(refused).toBe("您是湖滨街道经办人，只能导出湖滨街道的清单（403）");
    expect(noToken).toContain("缺少登录凭证");
  });
});
