// The field app's entry: a tiny router over /app/ paths, the nav bar and who is signed in, the service
// worker, and the queue sender (on start, when the signal returns, and every half minute).
import "leaflet/dist/leaflet.css";
import "./app.css";
import { showAccount } from "./account.js";
import { ApiError } from "./api.js";
import { showCapture } from "./capture.js";
import { showCard } from "./card.js";
import { h, main } from "./dom.js";
import { showMap } from "./mapview.js";
import { flush } from "./queue.js";
import { refreshQueue, showQueue } from "./queueview.js";

async function route(): Promise<void> {
  const path = location.pathname.replace(/\/+$/, "/");
  const card = /^\/app\/outfalls\/([^/]+)\/?$/.exec(path);
  try {
    if (card) await showCard(decodeURIComponent(card[1]!));
    else if (path === "/app/capture" || path === "/app/capture/") await showCapture(go);
    else if (path === "/app/queue" || path === "/app/queue/") await showQueue();
    else await showMap();
  } catch (error) {
    const text = error instanceof ApiError ? (error.status === 401 ? "尚未登录或登录已过期，请重新登录" : error.message) : `出错了：${String(error)}`;
    main().append(h("p", { class: "status error", id: "fatal" }, text));
  }
}

function go(path: string): void {
  history.pushState(null, "", path);
  void route();
}

document.addEventListener("click", (e) => {
  const a = (e.target as HTMLElement).closest?.("a[data-link]") as HTMLAnchorElement | null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey) return;
  e.preventDefault();
  go(a.pathname);
});
window.addEventListener("popstate", () => void route());
const send = () => void flush(() => void refreshQueue()).catch(() => undefined);
window.addEventListener("online", send);
setInterval(send, 30_000);

if ("serviceWorker" in navigator) void navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch(() => undefined);
void route().then(send);
void showAccount();
