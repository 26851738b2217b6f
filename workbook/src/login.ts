// `npm run workbook -- login`: asks for a personal token (or takes --token), checks it with the API (GET
// /v1/me) and saves it with the API address in the user's profile (credentials.ts), so later commands need
// neither --token nor LEDGER_TOKEN. Nothing is written into a workbook.
import { hostname } from "node:os";
import { createInterface } from "node:readline/promises";
import { browserSignIn } from "./browser-login.js";
import { UserError, normalizeApiUrl } from "../../sheets-addon/src/core/engine.js";
import { Api } from "../../sheets-addon/src/core/http.js";
import { type CommandOptions, type CommandResult, CLI, environment, friendlyMessage } from "./commands.js";
import { credentialsPath, readEnvCredentials, saveCredentials } from "./credentials.js";
import { nodeClock, nodeHttp } from "./env.js";
import { SyncHttpClient } from "./sync-http.js";

/** What the user reads before pasting: where a token comes from, in production and on a laptop. */
export function loginPrompt(apiUrl: string): string {
  return [
    "登录台账系统：请粘贴您的个人令牌（以 olp_ 开头，最长 90 天有效，可随时撤销）。",
    "如何获得个人令牌：",
    `  · 使用本区统一身份认证的：改用「${CLI} login --browser」，在浏览器中登录后自动创建并保存令牌；`,
    `  · 用 Google 账号或本区统一身份认证登录后，在台账网页的「个人令牌」中新建一个（接口：POST ${apiUrl}/v1/tokens），复制后粘贴到这里；`,
    "  · 没有登录方式的，请联系区治水办开通账号。令牌只显示一次，请勿发给他人、勿写进工作簿。",
    `  · 本机演示环境（npm start）：用 npm run token -- <邮箱> 取得凭证，或在浏览器打开 ${apiUrl}/.well-known/openid-configuration 所列的本地登录页。`,
    "令牌：",
  ].join("\n");
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    process.stderr.write(`${question} `);
    return (await rl.question("")).trim();
  } finally {
    rl.close();
  }
}

export interface LoginOptions extends CommandOptions {
  /** Paste prompt (tests answer it). */
  ask?: (question: string) => Promise<string>;
  /** Opens the sign-in address (tests act as the user). */
  openBrowser?: (url: string) => Promise<void>;
}

/** Creates a personal token with a fresh ID token (the browser sign-in). */
async function createPersonalToken(apiUrl: string, idToken: string): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${idToken}`, "content-type": "application/json", "x-channel": "workbook" },
    body: JSON.stringify({ name: `工作簿工具 ${hostname()}`.slice(0, 40), expiresInDays: 90 }),
  });
  const body = (await res.json()) as { secret?: string; detail?: string };
  if (res.status !== 201 || !body.secret) throw new UserError(`无法创建个人令牌（${res.status}）：${body.detail ?? ""}`);
  return body.secret;
}

export async function loginCommand(options: LoginOptions): Promise<CommandResult> {
  const env = environment(options);
  const url = options.api?.trim() || env.LEDGER_API_URL || "";
  if (!url) throw new UserError(`请用 --api <地址> 或环境变量 LEDGER_API_URL 提供台账接口地址（向管理员索取），例如：${CLI} login --api https://…`);
  const apiUrl = normalizeApiUrl(url);
  const token = options.browser
    ? await createPersonalToken(apiUrl, await browserSignIn(apiUrl, { ...(options.issuer ? { issuer: options.issuer } : {}), ...(options.openBrowser ? { open: options.openBrowser } : {}), progress: options.progress ?? ((l) => process.stderr.write(`${l}\n`)) }))
    : (options.token ?? (await (options.ask ?? ask)(loginPrompt(apiUrl)))).trim();
  if (!token) throw new UserError("没有收到令牌，未保存任何内容");
  if (/\s/.test(token)) throw new UserError("令牌中不应有空格或换行，请只复制令牌本身");
  const client = new SyncHttpClient();
  try {
    const api = new Api({ baseUrl: apiUrl, token: () => token, http: nodeHttp(client), clock: nodeClock, ...(options.tuning?.retry ? { retry: options.tuning.retry } : {}) });
    const me = api.me();
    const path = credentialsPath(readEnvCredentials(options));
    saveCredentials(path, { token, apiUrl, email: me.email, savedAt: new Date().toISOString() });
    return {
      exitCode: 0,
      me,
      apiUrl,
      lines: [
        `已登录：${me.name ? `${me.name}（${me.email}）` : me.email}，${me.roleLabel}${me.subdistrictName ? `，${me.subdistrictName}` : ""}`,
        `令牌已保存到 ${path}（仅本人可读），以后的命令会自动使用；更换令牌请重新运行「${CLI} login」。`,
        "令牌不再使用时，请在台账网页的「个人令牌」中撤销。",
      ],
    };
  } catch (error) {
    throw new UserError(friendlyMessage(error, apiUrl));
  } finally {
    await client.close();
  }
}
