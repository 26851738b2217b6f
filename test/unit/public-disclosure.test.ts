// Pure parts of public disclosure: who is public, the public projection, lookup codes, signboard layout
// helpers and the page shell's headers.
import { describe, expect, it } from "vitest";
import { loadReference } from "../../functions/reference/index.js";
import { signboardSvg, wrap } from "../../functions/src/app/signboard.js";
import { LOOKUP_CODE_PATTERN, PublicReportInput, lookupCode, rateWindow } from "../../functions/src/domain/public-report.js";
import { lastInspection, publicOutfall, publicity } from "../../functions/src/domain/public-view.js";
import { contentSecurityPolicy, htmlPage } from "../../functions/src/http/html.js";
import { outfall } from "./outfall-fixture.js";

const ref = loadReference();

describe("publicity", () => {
  it("shows remediating, awaiting-acceptance and retained records, a closed one as a notice, and hides the rest", () => {
    // Prepare / Act
    const seen = (["suspected", "confirmed", "traced", "remediating", "awaiting-acceptance", "closed", "retained", "dismissed"] as const).map((status) => publicity({ status }));
    // Assess
    expect(seen).toEqual(["hidden", "hidden", "hidden", "public", "public", "closed", "public", "hidden"]);
  });
});

describe("public projection", () => {
  it("names organisations but never an individual, and carries no contact, phone or notes", () => {
    // Prepare
    const record = outfall({
      status: "remediating",
      responsibleParties: [
        { name: "王小明", kind: "individual", phone: "13800000000", contact: "王小明" },
        { name: "某某物业", kind: "residential", contact: "李四", phone: "0571-8888888" },
      ],
      plan: "内部方案",
      problemNote: "内部说明",
    });
    // Act
    const view = publicOutfall(record, ref);
    const text = JSON.stringify(view);
    // Assess
    expect(view.responsibleParty).toBe("个人（不公开）、某某物业");
    expect(view.department).toBe(ref.departmentByKey.get(ref.subcategoryByKey.get("urban-domestic-scattered")!.department)!.name);
    for (const secret of ["王小明", "13800000000", "李四", "8888888", "内部"]) expect(text).not.toContain(secret);
  });

  it("takes the latest of survey, sensory observation and dry-weather checks as the last inspection", () => {
    // Prepare
    const record = outfall({
      surveyedAt: "2024-03-01",
      sensory: { observedAt: "2024-05-02" },
      dryWeatherChecks: [{ checkedAt: "2024-04-10", flowObserved: false, photoId: "p", by: "x", at: "2024-04-10T00:00:00Z" }],
    });
    // Act / Assess
    expect(lastInspection(record)).toBe("2024-05-02");
    expect(lastInspection(outfall())).toBeUndefined();
  });
});

describe("public reports", () => {
  it("draws lookup codes of 10 unambiguous characters and fixed rate windows", () => {
    // Prepare / Act
    const code = lookupCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 255]));
    // Assess
    expect(code).toMatch(LOOKUP_CODE_PATTERN);
    expect(code).not.toMatch(/[01ILO]/);
    expect(rateWindow(3_600_000 * 5 + 10, 3600)).toBe(5);
  });

  it("takes a form's fields and refuses unknown ones", () => {
    // Prepare / Act
    const good = PublicReportInput.safeParse({ reportKind: "pollution", outfallCode: "sc-kx-0001", description: "有异味的污水" });
    const unknown = PublicReportInput.safeParse({ reportKind: "pollution", description: "有异味的污水", extra: 1 });
    // Assess
    expect(good.success && good.data.outfallCode).toBe("SC-KX-0001");
    expect(unknown.success).toBe(false);
  });
});

describe("signboard and page shell", () => {
  it("wraps long text into at most the given lines, with an ellipsis when cut", () => {
    // Prepare / Act
    const lines = wrap("一二三四五六七八九十", 4, 2);
    // Assess
    expect(lines).toEqual(["一二三四", "五六七…"]);
    expect(wrap("ABCDEFG", 4, 1)).toEqual(["ABCDEFG"]);
    expect(wrap("ABCDEFGH", 4, 1)).toEqual(["ABCDEF…"]);
  });

  it("escapes every value in the signboard and keeps the 480 × 300 mm proportions", () => {
    // Prepare
    const record = outfall({ status: "retained", name: `<script>alert(1)</script>"'` });
    // Act
    const svg = signboardSvg(record, ref, "https://example.gov.cn/p/SC-KX-0001");
    // Assess
    expect(svg).toContain('viewBox="0 0 480 300"');
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
  });

  it("sends CSP, no-referrer, nosniff and no framing with every page; only http(s) origins join img-src", () => {
    // Prepare / Act
    const page = htmlPage({ title: "<t>", body: "<p>x</p>" });
    const csp = contentSecurityPolicy(["http://127.0.0.1:4569", "javascript:alert(1)"]);
    // Assess
    expect(page.headers).toMatchObject({ "referrer-policy": "no-referrer", "x-content-type-options": "nosniff", "x-frame-options": "DENY" });
    expect(page.headers!["content-security-policy"]).toContain("default-src 'none'");
    expect(page.body).toContain("<title>&lt;t&gt;</title>");
    expect(csp).toContain("http://127.0.0.1:4569");
    expect(csp).not.toContain("javascript:");
  });
});
