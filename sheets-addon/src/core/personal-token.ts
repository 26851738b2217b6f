// 个人令牌: a signed-in clerk creates, from the sheet, a personal token for the Excel/WPS workbook tool (or a
// script), which cannot use the add-on's Google sign-in. The secret is shown once in a dialog; the workbook
// tool stores it with `npm run workbook -- login`. Revocation: DELETE /v1/tokens/{id} (coordinators too).
import type { Env } from "./ports.js";
import { requireApi } from "./settings.js";

export interface CreatedPersonalToken {
  secret: string;
  name: string;
  expiresAt: string;
  apiUrl: string;
}

export const PERSONAL_TOKEN_NAME = "Excel/WPS 工作簿工具";

export function createPersonalToken(env: Env, name = PERSONAL_TOKEN_NAME): CreatedPersonalToken {
  const api = requireApi(env);
  const [outcome] = api.send([api.request("post", "/v1/tokens", JSON.stringify({ name, expiresInDays: 90 }))]);
  const body = api.json<{ secret: string; token: { name: string; expiresAt: string } }>(outcome!);
  return { secret: body.secret, name: body.token.name, expiresAt: body.token.expiresAt, apiUrl: api.baseUrl };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The dialog: the secret (selectable), its expiry, and what to do with it. */
export function personalTokenHtml(created: CreatedPersonalToken): string {
  const until = created.expiresAt.slice(0, 10);
  return `<div style="font-family:sans-serif;font-size:14px;line-height:1.6">
<p>已创建个人令牌「${escapeHtml(created.name)}」，有效期至 ${escapeHtml(until)}。<b>令牌只显示这一次</b>，相当于密码，请勿发给他人、勿写进工作簿。</p>
<textarea id="token" readonly rows="3" style="width:100%;font-family:monospace" onclick="this.select()">${escapeHtml(created.secret)}</textarea>
<p>在 Excel/WPS 工作簿工具所在文件夹运行：<br><code>npm run workbook -- login --api ${escapeHtml(created.apiUrl)}</code><br>按提示粘贴上面的令牌。</p>
<p>令牌丢失或不再使用时，请联系区治水办撤销，或再创建一个新的。</p></div>`;
}
