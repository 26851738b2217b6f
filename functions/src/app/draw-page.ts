// The public page of a random inspection draw (双随机、一公开): what was drawn from what, with which seed,
// who witnessed it, who inspects which outfall and what they found — the JSON beside it (the same route
// without `Accept: text/html`) is what `npm run verify-draw` recomputes.
import { esc } from "../http/html.js";
import { DRAW_PURPOSE } from "../domain/supervision/draw-input.js";
import type { ReferenceIndex } from "../domain/reference.js";
import type { Draw } from "./draws.js";

const STATUS: Record<Draw["status"], string> = { published: "已公布种子，待抽取", run: "已抽取", closed: "已结束" };

export function drawPageBody(d: Draw, ref: ReferenceIndex): string {
  const byId = new Map(d.population.map((p) => [p.id, p]));
  const inspector = new Map(d.inspectors.map((i) => [i.key, i]));
  const who = (key: string) => {
    const i = inspector.get(key);
    const department = i?.department ? (ref.departmentByKey.get(i.department)?.name ?? i.department) : "";
    return esc(`${i?.name ?? "检查人员"}${department ? `（${department}）` : ""}`);
  };
  const result = new Map(d.results.map((r) => [r.targetId, r]));
  const rows = d.pairings
    .map((p) => {
      const t = byId.get(p.targetId);
      const r = result.get(p.targetId);
      return `<tr><td>${esc(t?.tempId ?? p.targetId)}</td><td>${esc(t?.name ?? "")}</td><td>${esc(ref.subdistrictByKey.get(t?.subdistrict ?? "")?.name ?? "")}</td><td>${p.inspectors.map(who).join("、")}</td><td>${esc(r ? `${r.outcome}${r.note ? `：${r.note}` : ""}` : "待检查")}</td></tr>`;
    })
    .join("");
  const substitutions = d.substitutions.map((s) => `<li>${esc(`${s.at.slice(0, 10)} ${JSON.stringify(s)}`)}</li>`).join("");
  return `<h1>${esc(d.title)}</h1>
<p><span class="badge">${esc(DRAW_PURPOSE.label(d.purpose))}</span> ${esc(STATUS[d.status])}</p>
<dl><dt>抽取对象</dt><dd>${d.population.length} 个排污口中抽取 ${d.count} 个，每个配 ${d.inspectorsPerTarget} 名检查人员（共 ${d.inspectors.length} 名）</dd>
<dt>随机种子</dt><dd><code>${esc(d.seed)}</code></dd>
<dt>对象清单摘要</dt><dd><code>${esc(d.populationHash)}</code></dd>
<dt>人员名单摘要</dt><dd><code>${esc(d.inspectorsHash)}</code></dd>
<dt>算法</dt><dd>${esc(d.algorithm)}</dd>
${d.runAt ? `<dt>抽取时间</dt><dd>${esc(d.runAt.slice(0, 16).replace("T", " "))}</dd>` : ""}
<dt>见证</dt><dd>${d.witnesses.length ? d.witnesses.map((w) => esc(`${w.witness}${w.organisation ? `（${w.organisation}）` : ""}`)).join("、") : "尚无"}</dd></dl>
${rows ? `<h2>抽取结果与检查情况</h2><table><thead><tr><th>编号</th><th>名称</th><th>街道</th><th>检查人员</th><th>检查结果</th></tr></thead><tbody>${rows}</tbody></table>` : ""}
${substitutions ? `<h2>替换与回避记录</h2><ul>${substitutions}</ul>` : ""}
<p class="muted">任何人可用公布的种子和清单复算本次抽取：<code>npm run verify-draw -- 本页地址</code>（同一地址以 JSON 提供全部数据）。</p>`;
}
