// 待发送队列: every capture on this phone with where it stands — 待发送, 已发送 (with its temporary number and a
// link to its card), 被退回 (with the rule's message).
import { h, main } from "./dom.js";
import { type Capture, flush, listCaptures } from "./queue.js";

const STATE_LABEL: Record<Capture["state"], string> = { pending: "待发送", sent: "已发送", refused: "被退回" };

export async function showQueue(): Promise<void> {
  const root = main();
  const list = h("ol", { id: "queue", class: "queue" });
  const render = async () => {
    const captures = await listCaptures();
    list.replaceChildren(
      ...captures.map((c) =>
        h(
          "li",
          { "data-key": c.key, "data-state": c.state, class: c.state },
          h("span", { class: "badge" }, STATE_LABEL[c.state]),
          ` ${String(c.values.name ?? "疑似排口")} · ${c.createdAt.slice(0, 16).replace("T", " ")} · 照片 ${c.photos.filter((p) => p.photoId).length}/${c.photos.length}`,
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
