// The invented people and parties of the demo: names, phones, enterprises with credit codes whose check
// character is valid (and nothing else real about them), and who answers for each outfall.
import { creditCodeCheckChar, CREDIT_CODE_CHARSET } from "../../functions/src/domain/credit-code.js";
import type { OutfallCreateInput } from "../../functions/src/domain/outfall.js";
import type { ReferenceIndex, Subdistrict } from "../../functions/src/domain/reference.js";
import type { Rng } from "./random.js";
import { BRANDS, COMPOUND_SUFFIXES, GIVEN, INDUSTRIES, INDUSTRY, SERVICE_TRADES, SURNAMES } from "./vocabulary.js";

export type Party = NonNullable<OutfallCreateInput["responsibleParties"]>[number];

export class People {
  private readonly usedCodes = new Set<string>();
  private readonly usedCompanies = new Set<string>();

  constructor(
    private readonly ref: ReferenceIndex,
    private readonly rng: Rng,
  ) {}

  person(): string {
    return this.rng.pick(SURNAMES) + this.rng.pick(GIVEN);
  }

  phone(): string {
    return `0571-8${this.rng.int(5, 9)}${String(this.rng.int(0, 999_999)).padStart(6, "0")}`;
  }

  /** A fictional enterprise registered in the district with a credit code whose check character is valid. */
  company(trades: readonly string[]): { name: string; creditCode: string } {
    let name = "";
    for (let tries = 0; tries < 200; tries++) {
      name = `杭州${this.rng.pick(BRANDS)}示范${this.rng.pick(trades)}有限公司`;
      if (!this.usedCompanies.has(name)) break;
    }
    if (this.usedCompanies.has(name)) name = name.replace("有限公司", `${this.usedCompanies.size}号有限公司`);
    this.usedCompanies.add(name);
    let code = "";
    do {
      let org = "MA2";
      for (let i = 0; i < 6; i++) org += this.rng.pick(CREDIT_CODE_CHARSET.split(""));
      const first17 = `91${this.ref.district.code}${org}`;
      code = first17 + creditCodeCheckChar(first17)!;
    } while (this.usedCodes.has(code));
    this.usedCodes.add(code);
    return { name, creditCode: code };
  }

  party(sub: Subdistrict, community: string, subKey: string, storm: boolean, dryFlow: boolean, designated: boolean): Party {
    const r = this.rng;
    const base = community.replace(/(社区|村)$/u, "");
    const contact = () => `${this.person()}`;
    if (designated) {
      return { name: `${sub.name}办事处`, kind: "government", contact: contact(), phone: this.phone() };
    }
    const compound = (): Party => ({
      name: `${base}${r.pick(COMPOUND_SUFFIXES)}`.replace(/家园家园$/u, "家园"),
      kind: "residential",
      contact: `${contact()}（物业）`,
      phone: this.phone(),
    });
    if (storm) {
      if (dryFlow && r.chance(0.7)) return compound();
      return { name: `杭州市上城区${sub.name.replace(/街道$/u, "")}市政设施养护站`, kind: "institution", contact: contact(), phone: this.phone() };
    }
    switch (subKey) {
      case "urban-domestic-scattered": {
        const kind = r.weighted([["residential", 50], ["enterprise", 30], ["individual", 10], ["institution", 10]] as const);
        if (kind === "residential") return compound();
        if (kind === "enterprise") return { ...this.company(SERVICE_TRADES), kind: "enterprise", contact: contact(), phone: this.phone() };
        if (kind === "individual") return { name: `沿街商铺经营者${r.pick(SURNAMES)}某`, kind: "individual", phone: this.phone() };
        return { name: `杭州市${base}${r.pick(["小学", "幼儿园", "社区卫生服务站"])}`, kind: "institution", contact: contact(), phone: this.phone() };
      }
      case "ditch-creek":
        return (INDUSTRY[sub.key] ?? 0) >= 1 && r.chance(0.5)
          ? { name: `${base}股份经济合作社`, kind: "institution", contact: contact(), phone: this.phone() }
          : { name: `${sub.name}办事处`, kind: "government", contact: contact(), phone: this.phone() };
      case "industrial-enterprise":
      case "industrial-enterprise-stormwater": {
        const c = this.company(INDUSTRIES);
        return { ...c, kind: "enterprise", permitNo: `${c.creditCode}001${subKey === "industrial-enterprise" ? "P" : "W"}`, contact: contact(), phone: this.phone() };
      }
      case "urban-wwtp": {
        const c = this.company(["水务"]);
        return { ...c, kind: "enterprise", permitNo: `${c.creditCode}001P`, contact: contact(), phone: this.phone() };
      }
      default:
        return { name: `${sub.name}城市管理服务中心`, kind: "institution", contact: contact(), phone: this.phone() };
    }
  }
}
