// The bulletin as an official document (调度通报) over HTTP: draft → edit → issue → immutable, 第 N 期
// allocated once, and who may do and read what (R-SCOPE).
// The API runs in this test's own process (on the shared DynamoDB Local and s3rver), so coverage sees the
// bulletin's handlers, use cases and store.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resetRuntime } from "../../functions/src/config.js";
import { startApiServer } from "../../local/server.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT } from "./users.js";
import { type Reply, call as callStack, tokenFor, validOutfall } from "./client.js";

const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
let server: Awaited<ReturnType<typeof startApiServer>>;
const call = (method: string, path: string, options: Parameters<typeof callStack>[2] = {}): Promise<Reply> => callStack(method, path, { ...options, base: server.url });

beforeAll(async () => {
  Object.assign(process.env, inject("env"), { LOG_LEVEL: "silent" });
  resetRuntime();
  server = await startApiServer(0);
  for (let i = 0; i < 2; i++) await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() });
});
afterAll(async () => {
  await server?.close();
  resetRuntime();
});

describe("bulletins (调度通报)", () => {
  it("only a coordinator drafts one; clerks and departments are refused with R-SCOPE", async () => {
    // Act
    const clerk = await call("POST", "/v1/bulletins", { as: CLERK });
    const department = await call("POST", "/v1/bulletins", { as: DEPARTMENT });
    const list = await call("GET", "/v1/bulletins", { as: COORDINATOR });
    // Assess
    for (const r of [clerk, department]) {
      expect(r.status).toBe(403);
      expect(r.body.errors[0]).toMatchObject({ rule: "R-SCOPE", message: "只有区治水办（河长办）可以起草调度通报" });
    }
    expect(list.body.items.filter((b: any) => b.status === "draft")).toEqual([]);
  });

  it("draft → edit (If-Match) → issue as 第 N 期 → refused edits; the issue is idempotent and the next one is N+1", async () => {
    // Prepare: a draft another file left open (the property test posts to every route) is issued first
    const leftover = await call("POST", "/v1/bulletins", { as: COORDINATOR });
    expect((await call("POST", `/v1/bulletins/${leftover.body.id}/issue`, { as: COORDINATOR, headers: ifMatch(leftover.body.version) })).status).toBe(200);
    // Prepare: a draft from the figures now; asking again gives the same open draft
    const draft = await call("POST", "/v1/bulletins", { as: COORDINATOR });
    const again = await call("POST", "/v1/bulletins", { as: COORDINATOR });
    expect(draft.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(draft.body.id);
    expect(draft.headers.get("etag")).toBe('"1"');
    expect(draft.body).toMatchObject({ status: "draft", version: 1, header: { issuer: "上城区治水办" } });
    expect(draft.body.header.copyTo).toContain("各街道办事处");
    expect(draft.body.header.number).toBeUndefined();
    expect(draft.body.narrative.progress).toContain(`全区排污口 ${draft.body.progress.district.total} 个`);
    const id = draft.body.id;

    // Act: edits without a version, with a blank section, then a good one, then a stale one
    const noVersion = await call("PATCH", `/v1/bulletins/${id}`, { as: COORDINATOR, body: { narrative: { problems: "x" } } });
    const blank = await call("PATCH", `/v1/bulletins/${id}`, { as: COORDINATOR, body: { narrative: { progress: " " } }, headers: ifMatch(1) });
    const edited = await call("PATCH", `/v1/bulletins/${id}`, { as: COORDINATOR, body: { narrative: { problems: "凯旋街道逾期较多，须加快。" } }, headers: ifMatch(1) });
    const stale = await call("PATCH", `/v1/bulletins/${id}`, { as: COORDINATOR, body: { narrative: { problems: "覆盖" } }, headers: ifMatch(1) });
    const byClerk = await call("PATCH", `/v1/bulletins/${id}`, { as: CLERK, body: { narrative: { problems: "街道改" } }, headers: ifMatch(2) });
    // Assess
    expect(noVersion.status).toBe(412);
    expect(blank.status).toBe(400);
    expect(blank.body.errors[0]).toMatchObject({ field: "narrative.progress", rule: "R-REQUIRED", message: "「工作进展」不能为空" });
    expect(edited.status).toBe(200);
    expect(edited.headers.get("etag")).toBe('"2"');
    expect(edited.body.narrative.problems).toBe("凯旋街道逾期较多，须加快。");
    expect(edited.body.narrative.progress).toBe(draft.body.narrative.progress);
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].rule).toBe("R-VERSION");
    expect(byClerk.status).toBe(403);

    // Act: a clerk cannot read the draft; two issues at once (a double click) and a retry
    const clerkReadsDraft = await call("GET", `/v1/bulletins/${id}`, { as: CLERK });
    const [first, second] = await Promise.all([
      call("POST", `/v1/bulletins/${id}/issue`, { as: COORDINATOR, headers: ifMatch(2) }),
      call("POST", `/v1/bulletins/${id}/issue`, { as: COORDINATOR, headers: ifMatch(2) }),
    ]);
    const retry = await call("POST", `/v1/bulletins/${id}/issue`, { as: COORDINATOR, headers: ifMatch(2) });
    // Assess
    expect(clerkReadsDraft.status).toBe(403);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const number = first.body.header.number;
    expect(number).toBeGreaterThanOrEqual(1);
    expect([second.body.header.number, retry.body.header.number]).toEqual([number, number]);
    expect(first.body).toMatchObject({ status: "issued", version: 3, issuedBy: COORDINATOR });
    expect(first.body.header.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Act: edits after issue are refused and change nothing
    const late = await call("PATCH", `/v1/bulletins/${id}`, { as: COORDINATOR, body: { narrative: { problems: "改" } }, headers: ifMatch(3) });
    const stored = await call("GET", `/v1/bulletins/${id}`, { as: COORDINATOR });
    // Assess
    expect(late.status).toBe(409);
    expect(late.body.errors[0].rule).toBe("R-BULLETIN-ISSUED");
    expect(late.body.errors[0].message).toContain(`第 ${number} 期`);
    expect(stored.body).toMatchObject({ version: 3, status: "issued", narrative: { problems: "凯旋街道逾期较多，须加快。" } });

    // Act: the next draft is a new one and takes the next number
    const next = await call("POST", "/v1/bulletins", { as: COORDINATOR });
    const nextIssued = await call("POST", `/v1/bulletins/${next.body.id}/issue`, { as: COORDINATOR, headers: ifMatch(1) });
    // Assess
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(id);
    expect(nextIssued.body.header.number).toBe(number + 1);
  });

  it("clerks and departments read issued bulletins only, with the figures cut to their scope; page and .docx too", async () => {
    // Prepare: one issued and one open draft
    const draft = await call("POST", "/v1/bulletins", { as: COORDINATOR });
    const issued = await call("POST", `/v1/bulletins/${draft.body.id}/issue`, { as: COORDINATOR, headers: ifMatch(draft.body.version) });
    const open = await call("POST", "/v1/bulletins", { as: COORDINATOR });
    const id = issued.body.id;
    // Act
    const clerkList = await call("GET", "/v1/bulletins", { as: CLERK });
    const coordinatorList = await call("GET", "/v1/bulletins", { as: COORDINATOR });
    const clerk = await call("GET", `/v1/bulletins/${id}`, { as: CLERK });
    const department = await call("GET", `/v1/bulletins/${id}`, { as: ENFORCEMENT });
    const page = await call("GET", `/v1/bulletins/${id}?format=html`, { as: CLERK });
    const docx = await fetchBytes(`/v1/bulletins/${id}/document`, CLERK);
    const clerkDraftDocx = await call("GET", `/v1/bulletins/${open.body.id}/document`, { as: CLERK });
    // Assess
    expect(clerkList.body.items.every((b: any) => b.status === "issued")).toBe(true);
    expect(clerkList.body.items.map((b: any) => b.id)).toContain(id);
    expect(coordinatorList.body.items.map((b: any) => b.id)).toContain(open.body.id);
    expect(clerk.status).toBe(200);
    expect(clerk.body.progress.bySubdistrict.map((g: any) => g.key)).toEqual(["kaixuan"]);
    expect(clerk.body.narrative).toEqual(issued.body.narrative);
    expect(department.body.progress.byDepartment.map((g: any) => g.key)).toEqual(["enforcement"]);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`第 ${issued.body.header.number} 期`);
    expect(page.body).toContain("一、工作进展");
    expect(page.body).toContain("抄送：杭州市治水办");
    expect(docx.type).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(docx.bytes.subarray(0, 2).toString()).toBe("PK");
    expect(docx.disposition).toContain(encodeURIComponent(`第${issued.body.header.number}期`));
    expect(clerkDraftDocx.status).toBe(403);
    const asJson = await call("GET", `/v1/bulletins/${id}/document`, { as: CLERK, headers: { accept: "application/json" } });
    expect(asJson.body).toMatchObject({ fileName: `上城区治水办调度通报第${issued.body.header.number}期.docx` });
    expect(Buffer.from(asJson.body.base64, "base64").subarray(0, 2).toString()).toBe("PK");
  });
});

describe("refreshing a draft", () => {
  it("{ refresh: true } takes the figures of now and drafts the sections again, keeping a section given alongside", async () => {
    // Prepare: the open draft, then one more outfall
    const draft = await call("POST", "/v1/bulletins", { as: COORDINATOR });
    await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() });
    // Act
    const bad = await call("PATCH", `/v1/bulletins/${draft.body.id}`, { as: COORDINATOR, body: { refresh: "yes" }, headers: ifMatch(draft.body.version) });
    const refreshed = await call("PATCH", `/v1/bulletins/${draft.body.id}`, { as: COORDINATOR, body: { refresh: true, narrative: { problems: "保留的问题表述。" } }, headers: ifMatch(draft.body.version) });
    // Assess
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: "refresh", rule: "R-TYPE" });
    expect(refreshed.status).toBe(200);
    const total = refreshed.body.progress.district.total;
    expect(total).toBe(draft.body.progress.district.total + 1);
    expect(refreshed.body.narrative.progress).toContain(`全区排污口 ${total} 个`);
    expect(refreshed.body.narrative.problems).toBe("保留的问题表述。");
    expect(refreshed.body.version).toBe(draft.body.version + 1);
  });
});

describe("issuing with delivery", () => {
  it("{ deliver: true } archives the issued bulletin's page; a retry repeats no channel", async () => {
    // Prepare
    const draft = await call("POST", "/v1/bulletins", { as: COORDINATOR });
    // Act
    const issued = await call("POST", `/v1/bulletins/${draft.body.id}/issue`, { as: COORDINATOR, headers: ifMatch(draft.body.version), body: { deliver: true } });
    const retry = await call("POST", `/v1/bulletins/${draft.body.id}/issue`, { as: COORDINATOR, headers: ifMatch(draft.body.version), body: { deliver: true } });
    const bad = await call("POST", `/v1/bulletins/${draft.body.id}/issue`, { as: COORDINATOR, body: { deliver: "yes" } });
    // Assess
    expect(issued.status).toBe(200);
    const archive = issued.body.deliveries.find((d: any) => d.channel === "archive");
    expect(archive).toMatchObject({ ok: true });
    expect(archive.detail).toContain(`digests/bulletin-${draft.body.id}.html`);
    expect(retry.body.deliveries).toEqual(issued.body.deliveries);
    expect(retry.body.header.number).toBe(issued.body.header.number);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].rule).toBe("R-TYPE");
  });
});

async function fetchBytes(path: string, as: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await tokenFor(as)}` } });
  return { type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition") ?? "", bytes: Buffer.from(await res.arrayBuffer()) };
}
