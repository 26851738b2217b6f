import { describe, expect, it } from "vitest";
import { renderDigestEmail, renderDigestPage } from "../../functions/src/app/digest-render.js";
import { checkNarrativeEdit, documentParts, draftHeader, draftNarrative, headerLines } from "../../functions/src/domain/bulletin-issue.js";
import { computeProgress } from "../../functions/src/domain/progress.js";
import { AFTER, DURING, campaign, records, ref } from "./bulletin-fixture.js";

// Figures of the fixture, by hand (bulletin-fixture.ts): 8 records, F dismissed; traced A B C E H (5 of 7),
// done A E (2 of 7); H the only stormwater outlet. At DURING (2025-06-01) G (early, suspected: 湖滨),
// D (main rivers, confirmed past its deadline: the coordinator) and H (dry weather, traced: 凯旋) are late;
// C awaits 区综合行政执法局's acceptance, not yet late. At AFTER every deadline has passed: B and C are late too.
describe("the bulletin's narrative drafted from the figures", () => {
  it("in the campaign: progress by total, inventory, milestone and remediation", () => {
    // Act
    const n = draftNarrative(computeProgress(records, ref, campaign, DURING));
    // Assess
    expect(n.progress).toBe(
      "截至2025年6月1日，全区排污口 7 个（另认定非排污口 1 个），已溯源 5 个（71.4%），已完成整治 2 个（28.6%）。" +
        "其中排污口清单 6 个、已完成 2 个；城镇雨洪排口清单 1 个、已完成 0 个。" +
        "分节点看：工业企业、工业园区、亚运核心水域排污口和全部入海排污口（2023-12-31）完成 0/1 个（0%），逾期 1 个；" +
        "全部排污口和雨洪排口排查（2023-12-31）完成 7/8 个（87.5%），逾期 1 个；" +
        "钱塘江和运河干流及重要支流排污口（2024-12-31）完成 0/1 个（0%），逾期 1 个；" +
        "晴天排水的城镇雨洪排口（2024-12-31）完成 0/1 个（0%），逾期 1 个；" +
        "其余全部排污口（2025-12-31）完成 2/4 个（50%）。" +
        "按整治方式：依法取缔 1 个、清理合并 1 个（其中截污纳管 1 个）、规范整治 1 个、保留（无需整治） 1 个，尚未确定整治方式 3 个。",
    );
  });

  it("in the campaign: problems name the subdistricts with most late and the departments with most awaiting acceptance", () => {
    // Act
    const n = draftNarrative(computeProgress(records, ref, campaign, DURING));
    // Assess
    expect(n.problems).toBe(
      "逾期或滞留排污口 3 个，其中等待街道办理 2 个、等待监管部门验收 0 个、等待区治水办指定责任主体或审批 1 个。" +
        "等待街道办理的逾期或滞留排污口较多的街道：湖滨街道（1 个）、凯旋街道（1 个）。" +
        "等待验收较多的部门：区综合行政执法局（1 个，其中逾期或滞留 0 个）。" +
        "亮红灯的街道：湖滨街道、凯旋街道。",
    );
    expect(n.nextSteps).toBe(
      "一是请湖滨街道、凯旋街道对等待街道办理的逾期排污口逐个明确办理时限，加快溯源、整治；" +
        "二是请区综合行政执法局及时组织验收、销号；" +
        "三是区治水办对 1 个溯源逾期的排污口指定责任主体；" +
        "四是2025年12月31日前完成“其余全部排污口”的整治（尚余 2 个）。",
    );
  });

  it("in supervision: what is still overdue, reopened and new, and no milestone ahead", () => {
    // Act
    const n = draftNarrative(computeProgress(records, ref, campaign, AFTER));
    // Assess
    expect(n.progress.startsWith("整治行动已于2025年12月31日结束，现处动态监管阶段。截至2026年12月1日，")).toBe(true);
    expect(n.progress.endsWith("保留排污口 1 个。")).toBe(true);
    expect(n.problems).toBe(
      "整治行动遗留逾期未完成 5 个，重新打开（复发）1 个，整治行动结束后新发现 1 个。" +
        "逾期或滞留排污口 5 个，其中等待街道办理 3 个、等待监管部门验收 1 个、等待区治水办指定责任主体或审批 1 个。" +
        "等待街道办理的逾期或滞留排污口较多的街道：凯旋街道（2 个）、湖滨街道（1 个）。" +
        "等待验收较多的部门：区综合行政执法局（1 个，其中逾期或滞留 1 个）。" +
        "亮红灯的街道：湖滨街道、凯旋街道。",
    );
    expect(n.nextSteps).toBe(
      "一是对整治行动遗留逾期的 5 个排污口限期完成整治；二是对整治行动结束后新发现的 1 个排污口纳入台账，按程序溯源、整治；" +
        "三是请凯旋街道、湖滨街道对等待街道办理的逾期排污口逐个明确办理时限，加快溯源、整治；四是请区综合行政执法局及时组织验收、销号；" +
        "五是区治水办对 1 个溯源逾期的排污口指定责任主体；六是对保留排污口定期巡查、监测，发现问题及时重新打开整治。",
    );
  });

  it("with nothing late says so, and asks to keep going", () => {
    // Act
    const n = draftNarrative(computeProgress([], ref, campaign, DURING));
    // Assess
    expect(n.problems).toBe("无逾期或滞留的排污口。");
    expect(n.nextSteps).toBe("一是继续按实施方案推进排查整治，巩固整治成效。");
  });
});

describe("the bulletin's header", () => {
  it("takes the issuing body and 抄送 from the campaign file, with a default for a file without them", () => {
    // Act
    const configured = draftHeader(campaign, ref);
    const bare = draftHeader({ ...campaign, bulletin: undefined }, ref);
    // Assess
    expect(configured.issuer).toBe("上城区治水办");
    expect(configured.copyTo).toContain("各街道办事处");
    expect(bare).toEqual({ issuer: "上城区治水办", copyTo: [] });
  });

  it("prints 第 N 期 and the issue date once issued, and no number on a draft", () => {
    // Prepare
    const progress = computeProgress(records, ref, campaign, DURING);
    // Act
    const draft = headerLines({ status: "draft", header: { issuer: "上城区治水办", copyTo: [] }, progress });
    const issued = headerLines({ status: "issued", header: { issuer: "上城区治水办", copyTo: [], number: 7, issueDate: "2025-06-03" }, progress });
    // Assess
    expect(draft).toEqual({ issuer: "上城区治水办", number: "（草稿，未编号）", date: "2025年6月1日" });
    expect(issued).toEqual({ issuer: "上城区治水办", number: "第 7 期", date: "2025年6月3日" });
  });
});

describe("an edit of the narrative", () => {
  it("keeps the sections given, trimmed", () => {
    // Act
    const { edit, violations } = checkNarrativeEdit({ problems: "  凯旋街道逾期较多。 " });
    // Assess
    expect(violations).toEqual([]);
    expect(edit).toEqual({ problems: "凯旋街道逾期较多。" });
  });

  it("refuses blank, non-text, unknown and empty edits naming the section in Chinese", () => {
    // Act
    const results = [checkNarrativeEdit({ progress: " " }), checkNarrativeEdit({ nextSteps: 3 }), checkNarrativeEdit({ summary: "x" }), checkNarrativeEdit({}), checkNarrativeEdit("x")];
    // Assess
    expect(results.map((r) => r.violations.map((v) => [v.field, v.rule]))).toEqual([
      [["narrative.progress", "R-REQUIRED"]],
      [["narrative.nextSteps", "R-TYPE"]],
      [["narrative.summary", "R-UNKNOWN-FIELD"]],
      [["narrative", "R-REQUIRED"]],
      [["narrative", "R-TYPE"]],
    ]);
    expect(results[0]!.violations[0]!.message).toBe("「工作进展」不能为空");
    expect(results[1]!.violations[0]!.message).toBe("「下步工作」应为文字");
  });

  it("refuses a section longer than 5000 characters", () => {
    // Act
    const { violations } = checkNarrativeEdit({ progress: "字".repeat(5001) });
    // Assess
    expect(violations[0]).toMatchObject({ field: "narrative.progress", rule: "R-RANGE", message: "「工作进展」最多 5000 字，现有 5001 字" });
  });
});

describe("the issued bulletin as an e-mail and a page", () => {
  it("carries the issuing header, the numbered sections and 抄送 around the same figures", () => {
    // Prepare
    const progress = computeProgress(records, ref, campaign, DURING);
    const narrative = draftNarrative(progress);
    const doc = documentParts({ status: "issued", title: "上城区排污口整治调度通报", header: { issuer: "上城区治水办", copyTo: ["区委办", "各街道办事处"], number: 4, issueDate: "2025-06-02" }, progress, narrative });
    // Act
    const mail = renderDigestEmail(progress, ref, doc);
    const page = renderDigestPage(progress, ref, doc);
    const plain = renderDigestEmail(progress, ref);
    // Assess
    expect(mail.subject).toBe("【调度通报】上城区治水办 第 4 期：上城区排污口整治调度通报");
    expect(mail.text.split("\n").slice(0, 8)).toEqual(["上城区治水办调度通报", "第 4 期", "上城区治水办　2025年6月2日", "", "上城区排污口整治调度通报", "统计时间：2025-06-01 12:00（北京时间）", "", "一、工作进展"]);
    expect(mail.text).toContain("四、主要数据");
    expect(mail.text).toContain(narrative.problems);
    expect(mail.text.split("\n").at(-1)).toBe("抄送：区委办，各街道办事处。");
    for (const html of [mail.html, page]) {
      expect(html).toContain("一、工作进展");
      expect(html).toContain("三、下步工作");
      expect(html).toContain("抄送：区委办，各街道办事处。");
      expect(html).toContain("各节点完成情况（实施方案时间节点）");
    }
    expect(page).toContain("<svg");
    // the digest's own e-mail is unchanged: no header, no 抄送
    expect(plain.html).not.toContain("抄送");
    expect(plain.subject.startsWith("【排污口整治进度】")).toBe(true);
  });
});
