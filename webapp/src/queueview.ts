// 待发送队列: everything captured on this phone — new outfalls, evidence for existing ones, patrols — with
// where it stands: 待发送, 已发送 (with the outfall's temporary number and a link to its card), 被退回 (with the
// rule's message).
import { h, main } from "./dom.js";
import { type Capture, flush, listCaptures } from "./queue.js";

const STATE_LABEL: Record<Capture["state"], string> = { pending: "待发送", sent: "已发送", refused: "被退回" };
const KIND_LABEL = { capture: "新增", evidence: "补充证据", patrol: "巡查" } as const;

/** What the item is, in a few words: 新增 name, 补充证据 · 照片和现场观测 · name, 巡查 · name. */
function describe(c: Capture): string {
  const kind = c.kind ?? "capture";
  const name = String(c.values.name ?? c.label ?? (kind === "capture" ? "疑似排口" : ""));
  const observed = kind === "evidence" && Object.keys(c.values).length ? " · 现场观测" : "";
  return `${KIND_LABEL[kind]} ${name}${observed}`;
}

export async function showQueue(): Promise<void> {
  const root = main();
  const list = h("ol", { id: "queue", class: "queue" });
  const render = async () => {
    const captures = await listCaptures();
    list.replaceChildren(
      ...captures.map((c) =>
        h(
          "li",
          { "data-key": c.key, "data-kind": c.kind ?? "capture", "data-state": c.state, class: c.state },
          h("span", { class: "badge" }, STATE_LABEL[c.state]),
          ` ${describe(c)} · ${c.createdAt.slice(0, 16).replace("T", " ")} · 照片 ${c.photos.filter((p) => p.photoId).length}/${c.photos.length}`,
          c.outcome ? ` · ${c.outcome}` : undefined,
          c.outfallId ? h("a", { href: `/app/outfalls/${encodeURIComponent(c.outfallId)}`, "data-link": "1" }, ` ${c.tempId ?? "查看"}`) : undefined,
          c.message ? h("div", { class: "message" }, c.message) : undefined,
        ),
      ),
    );
    if (!captures.length) list.append(h("li", {}, "队列为空"));
  };
  root.append(
    h("h1", {}, "待发送队列"),
    h("p", { id: "online", class: "hint" }, navigator.onLine ? "在线：队列会自动发送" : "离线：恢复信号后自动发送"),
    h("button", { type: "button", onclick: () => void flush(render) }, "立即发送"),
    list,
  );
  await render();
  await flush(render);
  await render();
}

/** Re-renders the queue if it is on screen. */
export const refreshQueue = () => (document.getElementById("queue") ? showQueue() : Promise.resolve());
