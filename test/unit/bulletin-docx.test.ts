// The issued bulletin as a Word document: its text read back from word/document.xml, and the file opened
// and converted to PDF by LibreOffice headless (.ci/run installs libreoffice-writer-nogui).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { renderBulletinDocx } from "../../functions/src/app/bulletin-docx.js";
import { type Bulletin, draftHeader, draftNarrative } from "../../functions/src/domain/bulletin-issue.js";
import { computeProgress } from "../../functions/src/domain/progress.js";
import { AFTER, campaign, records, ref } from "./bulletin-fixture.js";

const progress = computeProgress(records, ref, campaign, AFTER);
const issued: Bulletin = {
  id: "01BULLETIN",
  status: "issued",
  version: 3,
  title: "上城区入河入海排污口动态监管调度通报",
  header: { ...draftHeader(campaign, ref), number: 12, issueDate: "2026-12-01" },
  narrative: { ...draftNarrative(progress), problems: "凯旋街道遗留逾期 2 个。" },
  progress,
  createdAt: "2026-11-30T02:00:00.000Z",
  createdBy: "c@x",
  updatedAt: "2026-12-01T02:00:00.000Z",
  updatedBy: "c@x",
  issuedAt: "2026-12-01T02:00:00.000Z",
  issuedBy: "c@x",
};

/** The document's paragraphs as text (runs joined, tabs as a space). */
async function docxText(bytes: Buffer): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => m[1] ?? " ").join(""),
  );
}

describe("the bulletin as a .docx", () => {
  it("has the issuing header, the title, the three sections, the figure tables and 抄送 at the end", async () => {
    // Act
    const paragraphs = await docxText(await renderBulletinDocx(issued, ref));
    // Assess
    const text = paragraphs.filter(Boolean);
    expect(text.slice(0, 4)).toEqual(["上城区治水办调度通报", "第 12 期", "上城区治水办 2026年12月1日", "上城区入河入海排污口动态监管调度通报"]);
    expect(text).toContain("一、工作进展");
    expect(text).toContain(issued.narrative.progress);
    expect(text).toContain("二、存在问题");
    expect(text).toContain("凯旋街道遗留逾期 2 个。");
    expect(text).toContain("三、下步工作");
    expect(text).toContain(issued.narrative.nextSteps);
    for (const title of ["动态监管（整治行动已于 2025-12-31 结束）", "各节点完成情况（实施方案时间节点）", "按整治方式", "各街道亮灯与排名（不计等待部门、区治水办办理的部分）", "各监管部门亮灯与待办"]) {
      expect(text).toContain(title);
    }
    // table cells are paragraphs too: the 凯旋 row's light and the merge row's sewer connections
    expect(text).toContain("凯旋街道");
    expect(text).toContain("红灯");
    expect(text.at(-1)).toBe("抄送：杭州市治水办，区委办，区府办，区人大办，区政协办，各街道办事处，区级有关部门。");
  });

  it("opens in LibreOffice and converts to PDF", { timeout: 180_000 }, async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "bulletin-docx-"));
    const file = join(dir, "bulletin.docx");
    writeFileSync(file, await renderBulletinDocx(issued, ref));
    // Act: a profile of its own, so a concurrent LibreOffice does not hold the lock
    await promisify(execFile)("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", dir, file], { timeout: 170_000 });
    // Assess
    const pdf = readFileSync(join(dir, "bulletin.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
