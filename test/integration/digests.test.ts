import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { type IncomingMessage, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auth as googleAuth } from "@googleapis/sheets";
import { imageSize } from "image-size";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { loadReference } from "../../functions/reference/index.js";
import { GoogleDigestSheet } from "../../functions/src/adapters/sheets/digest-sheet.js";
import { SesMailer } from "../../functions/src/adapters/ses/mailer.js";
import { svgToPng } from "../../functions/src/adapters/resvg/svg-to-png.js";
import { mailMap } from "../../functions/src/app/digest-map.js";
import { renderDigestEmail } from "../../functions/src/app/digest-render.js";
import { resetRuntime, runtime } from "../../functions/src/config.js";
import { resetChannels } from "../../functions/src/delivery-config.js";
import { handler as scheduledDigest } from "../../functions/src/handlers/scheduled-digest.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";
import { call, validOutfall } from "./client.js";
import { NO_FLOOD_RISK, ok, photos, traced } from "./steps.js";

/** A loopback HTTP server that records every request and answers with `reply`. */
async function recorder(reply: (req: IncomingMessage, body: string) => { status?: number; json: unknown }) {
  const requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const r = reply(req, body);
    res.writeHead(r.status ?? 200, { "content-type": "application/json" });
    res.end(JSON.stringify(r.json));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

beforeAll(async () => {
  for (let i = 0; i < 3; i++) await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() });
});

describe("live progress", () => {
  it("a clerk sees their subdistrict; coordinators and departments see the district", async () => {
    // Act
    const clerk = await call("GET", "/v1/progress", { as: CLERK });
    const coordinator = await call("GET", "/v1/progress", { as: COORDINATOR });
    const department = await call("GET", "/v1/progress", { as: DEPARTMENT });
    // Assess
    expect(clerk.status).toBe(200);
    expect(clerk.body.bySubdistrict.map((g: any) => g.key)).toEqual(["kaixuan"]);
    expect(clerk.body.ranking).toEqual([]);
    expect(clerk.body.overdueList.every((o: any) => o.subdistrict === "kaixuan")).toBe(true);
    expect(coordinator.body.bySubdistrict).toHaveLength(14);
    expect(coordinator.body.district.total).toBeGreaterThanOrEqual(clerk.body.district.total);
    expect(department.status).toBe(200);
    expect(department.body.byDepartment.map((g: any) => g.key)).toEqual(["eco"]);
    expect(department.body.bulletin.byDepartment.map((g: any) => g.key)).toEqual(["eco"]);
    expect(coordinator.body.byDepartment.length).toBeGreaterThan(1);
  });
});

describe("digests on demand", () => {
  it("a coordinator builds one; it is kept, listed, served as JSON and as an HTML page with a chart", async () => {
    // Act
    const built = await call("POST", "/v1/digests", { as: COORDINATOR });
    const byClerk = await call("POST", "/v1/digests", { as: CLERK });
    const latest = await call("GET", "/v1/digests/latest", { as: COORDINATOR });
    const listed = await call("GET", "/v1/digests", { as: COORDINATOR });
    const page = await call("GET", `/v1/digests/${built.body.id}?format=html`, { as: COORDINATOR });
    // Assess
    expect(built.status).toBe(201);
    expect(built.body).toMatchObject({ trigger: "manual", createdBy: COORDINATOR });
    expect(byClerk.status).toBe(403);
    expect(latest.body.id).toBe(built.body.id);
    expect(listed.body.items[0]).toMatchObject({ id: built.body.id, total: built.body.progress.district.total });
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.body).toContain("<svg");
    expect((page.body.match(/class="bar"/g) ?? []).length).toBe(14);
    expect((page.body.match(/<circle class="outfall"/g) ?? []).length).toBe(built.body.progress.map.length);
    expect(built.body.progress.map.length).toBe(built.body.progress.district.total);
    expect(page.body).not.toContain("<script");
  });
});

describe("digest scope", () => {
  it("a clerk reads only their subdistrict's view of a digest (JSON, HTML, latest, list); others the district's", async () => {
    // Prepare: overdue outfalls in two subdistricts, then a digest of the district
    const hubin = await call("POST", "/v1/outfalls", { as: OTHER_CLERK, body: validOutfall({ subdistrict: "hubin", community: "湖滨社区" }) });
    const built = await call("POST", "/v1/digests", { as: COORDINATOR });
    // Act
    const json = await call("GET", `/v1/digests/${built.body.id}`, { as: CLERK });
    const latest = await call("GET", "/v1/digests/latest", { as: CLERK });
    const html = await call("GET", `/v1/digests/${built.body.id}?format=html`, { as: CLERK });
    const listed = await call("GET", "/v1/digests", { as: CLERK });
    const department = await call("GET", `/v1/digests/${built.body.id}`, { as: DEPARTMENT });
    // Assess
    expect(hubin.status).toBe(201);
    expect(json.status).toBe(200);
    const kaixuan = built.body.progress.bySubdistrict.find((g: any) => g.key === "kaixuan");
    expect(json.body.progress.district).toEqual(kaixuan);
    expect(json.body.progress.bySubdistrict.map((g: any) => g.key)).toEqual(["kaixuan"]);
    expect(json.body.progress.overdueList.length).toBeGreaterThan(0);
    expect(json.body.progress.overdueList.every((o: any) => o.subdistrict === "kaixuan")).toBe(true);
    expect(built.body.progress.overdueList.some((o: any) => o.subdistrict === "hubin")).toBe(true);
    expect(json.body.progress.ranking.map((r: any) => r.key)).toEqual(["kaixuan"]);
    expect(json.body.progress.byDepartment).toEqual([]);
    expect(json.body.snapshot).toBeUndefined();
    expect(latest.body.progress.bySubdistrict.map((g: any) => g.key)).toEqual(["kaixuan"]);
    expect(html.body).not.toContain(hubin.body.tempId);
    expect(html.body).not.toContain("湖滨街道");
    expect((html.body.match(/class="bar"/g) ?? []).length).toBe(1);
    // The map: only the clerk's own outfalls, their area highlighted, no other subdistrict named
    expect((html.body.match(/<circle class="outfall"/g) ?? []).length).toBe(json.body.progress.map.length);
    expect(json.body.progress.map.length).toBe(kaixuan.total);
    expect(json.body.progress.map.every((m: any) => m.subdistrict === "kaixuan")).toBe(true);
    expect(html.body).toMatch(/<path class="area" data-subdistrict="kaixuan"[^>]*stroke="#f57f17"/);
    expect(department.body.progress.map.every((m: any) => m.department === "eco")).toBe(true);
    expect(listed.body.items[0]).toMatchObject({ id: built.body.id, total: kaixuan.total, overdue: kaixuan.overdue });
    expect(listed.body.items[0].bySubdistrict).toBeUndefined();
    expect(department.body.progress.bySubdistrict).toHaveLength(14);
  });
});

describe("scheduled digest on the embedded stack", () => {
  let outbox: string;
  beforeAll(() => {
    outbox = mkdtempSync(join(tmpdir(), "outbox-"));
    Object.assign(process.env, inject("env"), { OUTBOX_DIR: outbox, DIGEST_FROM: "digest@test", DIGEST_TO: "a@test,b@test", LOG_LEVEL: "silent" });
    delete process.env.DIGEST_SPREADSHEET_ID;
    resetRuntime();
    resetChannels();
  });
  afterAll(() => {
    resetRuntime();
    resetChannels();
  });

  it("builds, stores, archives and mails it; a retry of the same schedule sends nothing twice", async () => {
    // Prepare
    const scheduledTime = "2026-11-30T00:00:00Z";
    // Act
    const first = await scheduledDigest({ scheduledTime });
    const retry = await scheduledDigest({ scheduledTime });
    // Assess
    expect(first.id).toBe("w-202611300000");
    expect(first.deliveries.map((d) => [d.channel, d.ok])).toEqual([["archive", true], ["mail", true]]);
    expect(retry.id).toBe(first.id);
    const mails = readdirSync(outbox);
    expect(mails).toHaveLength(1);
    const eml = readFileSync(join(outbox, mails[0]!), "utf8");
    expect(eml).toContain("To: a@test, b@test");
    expect(eml).toContain("multipart/alternative");
    // The map as an inline PNG, named by the Content-ID the HTML shows
    expect(eml).toContain('Content-Type: multipart/related; boundary="');
    const image = eml.split("Content-ID: <district-map@outfall-ledger>")[1]!.split("\r\n\r\n")[1]!.split("--=_")[0]!.replace(/\r\n/g, "");
    const png = imageSize(Buffer.from(image, "base64"));
    expect(png.type).toBe("png");
    expect(png.width).toBe(1280);
    const html = Buffer.from(eml.split("Content-Type: text/html; charset=UTF-8")[1]!.split("\r\n\r\n")[1]!.split("--=_")[0]!.replace(/\r\n/g, ""), "base64").toString("utf8");
    expect(html).toContain("各街道进度");
    expect(html).toContain('<img src="cid:district-map@outfall-ledger" width="640"');
    const stored = await runtime().deps.digests.get(first.id);
    expect(stored!.deliveries).toHaveLength(2);
    const archived = await fetch(`${process.env.S3_ENDPOINT}/${process.env.BUCKET_NAME}/digests/${first.id}.html`);
    expect(archived.status).toBe(200);
    expect(await archived.text()).toContain("<svg");
  });
});

describe("delivery adapters against loopback stand-ins", () => {
  it("SES v2: the real SDK sends subject, HTML, text and the map as an inline image to the endpoint", async () => {
    // Prepare
    const ses = await recorder(() => ({ json: { MessageId: "m-1" } }));
    const mailer = new SesMailer({ endpoint: ses.url, region: "us-east-1", credentials: { accessKeyId: "k", secretAccessKey: "s" } });
    const { deps } = runtime();
    const progress = (await call("GET", "/v1/progress", { as: COORDINATOR })).body;
    const map = (await mailMap(progress, deps.reference, svgToPng))!;
    const mail = renderDigestEmail(progress, deps.reference, undefined, { map });
    const inline = [{ cid: map.cid, filename: "district-map.png", contentType: "image/png", content: map.png }];
    // Act
    const sent = await mailer.send({ from: "digest@test", to: ["k@test"], ...mail, inline });
    await ses.close();
    // Assess
    expect(sent.messageId).toBe("m-1");
    expect(ses.requests).toHaveLength(1);
    const request = ses.requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/v2/email/outbound-emails");
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    const body = JSON.parse(request.body);
    expect(body.FromEmailAddress).toBe("digest@test");
    expect(body.Destination.ToAddresses).toEqual(["k@test"]);
    expect(body.Content.Simple.Subject.Data).toMatch(/^【排污口动态监管】上城区/);
    expect(body.Content.Simple.Body.Html.Data).toContain("<table");
    expect(body.Content.Simple.Body.Text.Data).toContain("全区排污口");
    expect(body.Content.Simple.Body.Html.Data).toContain(`<img src="cid:${map.cid}"`);
    const [attachment] = body.Content.Simple.Attachments;
    expect(attachment).toMatchObject({ ContentDisposition: "INLINE", ContentId: map.cid, ContentType: "image/png", FileName: "district-map.png" });
    expect(imageSize(Buffer.from(attachment.RawContent, "base64"))).toMatchObject({ type: "png", width: map.width * 2, height: map.height * 2 });
  });

  it("Google Sheets: creates the sheets when missing, overwrites 进度周报 and appends to 进度历史", async () => {
    // Prepare
    const sheets = await recorder((req) => {
      if (req.method === "GET") return { json: { sheets: [{ properties: { title: "Sheet1" } }] } };
      if (req.url!.includes(":append")) return { json: { updates: { updatedRange: "'进度历史'!A2:G16" } } };
      if (req.method === "PUT") return { json: { updatedRange: "'进度周报'!A1:T30" } };
      return { json: {} };
    });
    const auth = new googleAuth.OAuth2();
    auth.setCredentials({ access_token: "test-token", expiry_date: Date.now() + 3600_000 });
    const writer = new GoogleDigestSheet("SHEET-ID", auth, `${sheets.url}/`);
    const progress = (await call("GET", "/v1/progress", { as: COORDINATOR })).body;
    // Act
    const result = await writer.write(progress, loadReference());
    await sheets.close();
    // Assess
    const seen = sheets.requests.map((r) => `${r.method} ${decodeURIComponent(r.url.split("?")[0]!)}`);
    expect(seen).toEqual([
      "GET /v4/spreadsheets/SHEET-ID",
      "POST /v4/spreadsheets/SHEET-ID:batchUpdate",
      "PUT /v4/spreadsheets/SHEET-ID/values/'进度历史'!A1",
      "POST /v4/spreadsheets/SHEET-ID/values/'进度周报':clear",
      "PUT /v4/spreadsheets/SHEET-ID/values/'进度周报'!A1",
      "POST /v4/spreadsheets/SHEET-ID/values/'进度历史'!A1:append",
    ]);
    expect(sheets.requests.every((r) => r.headers.authorization === "Bearer test-token")).toBe(true);
    expect(JSON.parse(sheets.requests[1]!.body).requests.map((r: any) => r.addSheet.properties.title)).toEqual(["进度周报", "进度历史"]);
    expect(JSON.parse(sheets.requests[2]!.body).values).toEqual([["统计时间", "街道", "总数", "已溯源", "已完成", "完成率(%)", "逾期"]]);
    const report = JSON.parse(sheets.requests[4]!.body).values;
    expect(report[0][0]).toContain("进度周报");
    expect(report[3].slice(0, 4)).toEqual(["排名", "街道", "总数", "疑似"]);
    const kaixuanRow = report.find((row: any[]) => row[1] === "凯旋街道");
    const kaixuan = progress.bySubdistrict.find((g: any) => g.key === "kaixuan");
    expect(kaixuanRow.slice(2, 4)).toEqual([kaixuan.total, kaixuan.byStatus.suspected]);
    expect(report.find((row: any[]) => row[1] === "上城区合计")[2]).toBe(progress.district.total);
    const titles = report.filter((row: any[]) => row.length === 1).map((row: any[]) => row[0]);
    expect(titles).toEqual(expect.arrayContaining(["各节点完成情况（实施方案时间节点）", "按整治方式", "逾期或滞留排污口及等待对象"]));
    const investigation = report.find((row: any[]) => row[0] === "全部排污口和雨洪排口排查");
    expect(investigation.slice(1, 3)).toEqual(["2023-12-31", progress.bulletin.milestones.find((m: any) => m.key === "investigation").total]);
    const history = JSON.parse(sheets.requests[5]!.body).values;
    expect(history).toHaveLength(15);
    expect(history[14].slice(1, 3)).toEqual(["上城区合计", progress.district.total]);
    expect(sheets.requests[5]!.url).toContain("insertDataOption=INSERT_ROWS");
    expect(result.updatedRanges).toEqual(["'进度周报'!A1:T30", "'进度历史'!A2:G16"]);
  });

  it("Google Sheets: an issued bulletin goes to its own 调度通报 sheet with header, sections, the same figures and 抄送; no history row", async () => {
    // Prepare
    const sheets = await recorder((req) => (req.method === "GET" ? { json: { sheets: [{ properties: { title: "进度周报" } }] } } : { json: { updatedRange: "'调度通报'!A1:T60" } }));
    const auth = new googleAuth.OAuth2();
    auth.setCredentials({ access_token: "test-token", expiry_date: Date.now() + 3600_000 });
    const writer = new GoogleDigestSheet("SHEET-ID", auth, `${sheets.url}/`);
    const progress = (await call("GET", "/v1/progress", { as: COORDINATOR })).body;
    const doc = { issuer: "上城区治水办", number: "第 2 期", date: "2026年12月1日", title: "调度通报标题", sections: [{ label: "工作进展", text: "进展正文" }], copyTo: ["区委办"] };
    // Act
    const result = await writer.write(progress, loadReference(), doc);
    await sheets.close();
    // Assess
    const seen = sheets.requests.map((r) => `${r.method} ${decodeURIComponent(r.url.split("?")[0]!)}`);
    expect(seen).toEqual([
      "GET /v4/spreadsheets/SHEET-ID",
      "POST /v4/spreadsheets/SHEET-ID:batchUpdate",
      "POST /v4/spreadsheets/SHEET-ID/values/'调度通报':clear",
      "PUT /v4/spreadsheets/SHEET-ID/values/'调度通报'!A1",
    ]);
    const rows = JSON.parse(sheets.requests[3]!.body).values;
    expect(rows.slice(0, 7)).toEqual([["上城区治水办调度通报"], ["第 2 期"], ["上城区治水办", "2026年12月1日"], [], ["调度通报标题"], ["一、工作进展"], ["进展正文"]]);
    expect(rows.map((r: any[]) => r[0])).toContain("各节点完成情况（实施方案时间节点）");
    expect(rows.at(-1)).toEqual(["抄送：区委办。"]);
    expect(result.updatedRanges).toEqual(["'调度通报'!A1:T60"]);
  });
});

describe("the bulletin's figures through the API", () => {
  it("an outfall awaiting acceptance waits on its department; each department reads its own view, a clerk theirs", async () => {
    // Prepare: a kaixuan outfall remediated and handed to 综合行政执法局 for acceptance, past the 2025-12-31 deadline
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] }, [{ name: "景芳三区物业", kind: "residential", contact: "王工" } as never]);
    await ok(o.id, "plan", { remediation: "ban", plan: "截污纳管后封堵", floodSafety: NO_FLOOD_RISK });
    await photos(o.id, "before", "after", "sealing");
    await ok(o.id, "request-acceptance", { completedAt: "2026-11-20" });
    const built = await call("POST", "/v1/digests", { as: COORDINATOR });
    // Act
    const coordinator = (await call("GET", `/v1/digests/${built.body.id}`, { as: COORDINATOR })).body.progress;
    const enforcement = await call("GET", `/v1/digests/${built.body.id}`, { as: ENFORCEMENT });
    const eco = (await call("GET", `/v1/digests/${built.body.id}`, { as: DEPARTMENT })).body.progress;
    const clerk = (await call("GET", `/v1/digests/${built.body.id}`, { as: CLERK })).body.progress;
    const page = await call("GET", `/v1/digests/${built.body.id}?format=html`, { as: ENFORCEMENT });
    // Assess
    const item = coordinator.bulletin.lateList.find((l: any) => l.id === o.id);
    expect(item).toMatchObject({ status: "awaiting-acceptance", waitingOn: { kind: "department", key: "enforcement" } });
    expect(coordinator.bulletin.byDepartment.find((d: any) => d.key === "enforcement").lateWaiting).toBeGreaterThanOrEqual(1);
    expect(coordinator.bulletin).toMatchObject({ mode: "supervision", title: "上城区入河入海排污口动态监管" });
    expect(coordinator.trend.at(-1).asOf).toBe(coordinator.asOf);
    expect(enforcement.status).toBe(200);
    expect(enforcement.body.snapshot).toBeUndefined();
    expect(enforcement.body.progress.byDepartment.map((d: any) => d.key)).toEqual(["enforcement"]);
    expect(enforcement.body.progress.bulletin.lateList.map((l: any) => l.id)).toContain(o.id);
    expect(enforcement.body.progress.bulletin.lateList.every((l: any) => l.waitingOn.kind === "department" && l.waitingOn.key === "enforcement")).toBe(true);
    expect(eco.byDepartment.map((d: any) => d.key)).toEqual(["eco"]);
    expect(eco.bulletin.lateList.map((l: any) => l.id)).not.toContain(o.id);
    expect(clerk.bulletin.bySubdistrict.map((s: any) => s.key)).toEqual(["kaixuan"]);
    expect(clerk.bulletin.lateList.every((l: any) => l.subdistrict === "kaixuan")).toBe(true);
    expect(page.body).toContain("综合行政执法局（验收）");
    expect(page.body).toContain("亮灯规则");
  });
});
