// The record card at /app/outfalls/{id}: the add-on's card (sheets-addon/src/core/card.ts builds the same
// view model from the same API answers): state, deadline, blockers, allowed steps with their forms,
// photos and history. Steps post POST /v1/outfalls/{id}/transitions with the record's version.
import { type Card, type CardStep, buildCard, missingRequired, stepPayload } from "../../sheets-addon/src/core/card.js";
import { trimReference } from "../../sheets-addon/src/core/reference.js";
import { ApiError, type Json, api, describeRefusal, getReference } from "./api.js";
import { h, main, options } from "./dom.js";
import { sendPhoto } from "./queue.js";

async function loadCard(id: string): Promise<Card> {
  const path = `/v1/outfalls/${encodeURIComponent(id)}`;
  const [refDoc, record, history, photos] = await Promise.all([
    getReference(),
    api("GET", path),
    api<{ items: Json[] }>("GET", `${path}/history?limit=200`),
    api<{ items: Json[] }>("GET", `${path}/photos`),
  ]);
  return buildCard(record, history.items, photos.items, trimReference(refDoc));
}

function stepForm(card: Card, step: CardStep, status: HTMLElement, reload: () => void): HTMLFormElement {
  const form = h("form", { class: "step-form", "data-action": step.action });
  for (const f of step.fields) {
    const name = f.key;
    const input =
      f.kind === "textarea"
        ? h("textarea", { name, rows: 3 })
        : f.kind === "select" || f.kind === "multi"
          ? h("select", { name, multiple: f.kind === "multi" }, ...options((f.options ?? []).map((o) => ({ key: o.key, label: o.label })), f.kind === "select" ? "请选择" : undefined))
          : f.kind === "boolean"
            ? h("input", { type: "checkbox", name })
            : h("input", { type: f.kind === "date" ? "date" : "text", name });
    form.append(h("label", {}, `${f.label}${f.required ? " *" : ""}`, input, h("span", { class: "error", "data-error": name })));
  }
  form.append(h("button", { type: "submit", class: "primary" }, `提交「${step.label}」`));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values: Record<string, unknown> = {};
    for (const f of step.fields) {
      const el = form.elements.namedItem(f.key) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
      if (!el) continue;
      if (f.kind === "boolean") values[f.key] = (el as HTMLInputElement).checked;
      else if (f.kind === "multi") values[f.key] = [...(el as HTMLSelectElement).selectedOptions].map((o) => o.value);
      else if (el.value.trim()) values[f.key] = el.value.trim();
    }
    for (const span of form.querySelectorAll<HTMLElement>("[data-error]")) span.textContent = "";
    const missing = missingRequired(step.action, values);
    const show = (violations: { field: string; rule: string; message: string }[]) => {
      for (const v of violations) {
        const span = form.querySelector<HTMLElement>(`[data-error="${CSS.escape(v.field)}"]`);
        if (span) span.textContent = `${v.message}（${v.rule}）`;
      }
    };
    if (missing.length) {
      show(missing);
      status.textContent = "请补全必填项";
      status.className = "status error";
      return;
    }
    try {
      await api("POST", `/v1/outfalls/${encodeURIComponent(card.id)}/transitions`, { ...stepPayload(step.action, values), expectedVersion: card.version });
      status.textContent = `已办理「${step.label}」`;
      status.className = "status ok";
      reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(error.violations);
      status.textContent = describeRefusal(error);
      status.className = "status error";
    }
  });
  return form;
}

/** 补充照片: photos of an existing outfall from the camera, by slot (online; the queue holds new captures). */
function photoForm(card: Card, status: HTMLElement, reload: () => void): HTMLFormElement {
  const form = h(
    "form",
    { id: "addPhotos", class: "photo-form" },
    h("label", {}, "照片类别", h("select", { name: "slot", id: "cardSlot" }, ...options(card.slots))),
    h("input", { type: "file", id: "cardFiles", name: "files", accept: "image/*", capture: "environment", multiple: true }),
    h("button", { type: "submit" }, "上传照片"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const slot = (form.elements.namedItem("slot") as HTMLSelectElement).value;
    const files = [...((form.elements.namedItem("files") as HTMLInputElement).files ?? [])];
    const refused: string[] = [];
    for (const file of files) {
      try {
        await sendPhoto(card.id, { slot, name: file.name, type: file.type, blob: file });
      } catch (error) {
        refused.push(`${file.name}：${error instanceof ApiError ? describeRefusal(error) : "网络不可用，请有信号时再试"}`);
      }
    }
    status.textContent = refused.length ? `未上传 ${refused.join("；")}` : `已上传 ${files.length} 张照片`;
    status.className = refused.length ? "status error" : "status ok";
    if (files.length > refused.length) reload();
  });
  return form;
}

export async function showCard(id: string, flash?: string): Promise<void> {
  const root = main();
  const card = await loadCard(id);
  const status = h("p", { id: "status", class: flash ? "status ok" : "status" }, flash ?? "");
  const reload = () => void showCard(id, status.textContent ?? undefined);
  const steps = h("div", { id: "steps", class: "steps" });
  const formSlot = h("div", { id: "stepForm" });
  for (const step of card.steps) {
    steps.append(
      h("button", { type: "button", "data-action": step.action, onclick: () => formSlot.replaceChildren(stepForm(card, step, status, reload)) }, step.label),
    );
  }
  const parts: (Node | undefined)[] = [
    h("h1", { id: "title" }, `${card.name}（${card.tempId}）`),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "状态"),
      h("dd", { id: "state", "data-status": card.status }, card.statusLabel),
      h("dt", {}, "期限"),
      h("dd", { id: "deadline", class: card.overdue ? "overdue" : "" }, card.deadline ? `${card.deadline}${card.overdue ? "（已逾期）" : card.daysToDeadline !== undefined && card.daysToDeadline >= 0 ? `（剩 ${card.daysToDeadline} 天）` : ""}` : "—"),
    ),
    status,
    card.blockers.length
      ? h("section", { id: "blockers" }, h("h2", {}, "尚缺"), h("ul", {}, ...card.blockers.map((b) => h("li", {}, `${b.actionLabel}：${b.message}（${b.rule}）`))))
      : undefined,
    h("section", {}, h("h2", {}, "可办理"), card.steps.length ? steps : h("p", {}, "当前没有可由您办理的步骤"), formSlot),
    h(
      "section",
      { id: "photos" },
      h("h2", {}, "照片"),
      photoForm(card, status, reload),
      ...card.photoSlots.map((s) =>
        h("div", { class: "slot" }, h("h3", {}, s.label), ...s.photos.map((p) => (p.url ? h("img", { src: p.url, alt: s.label, loading: "lazy" }) : h("span", {}, p.withheld ?? "")))),
      ),
    ),
    h(
      "section",
      { id: "history" },
      h("h2", {}, "历史"),
      h("ol", {}, ...card.history.map((l) => h("li", {}, h("span", { class: "what" }, l.what), ` ${l.at} · ${l.who}`, l.channel ? h("span", { class: "channel" }, ` · ${l.channel}`) : undefined, l.note ? h("div", {}, l.note) : undefined))),
    ),
  ];
  root.append(...parts.filter((p): p is Node => p !== undefined));
}
