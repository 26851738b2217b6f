// `login --browser`: signs the user in at the district's OIDC provider (or the local one) in their browser —
// authorization code with PKCE, redirect to a loopback port of this process (RFC 8252) — and returns the ID
// token, with which login.ts creates a personal token. The providers come from the API (GET /sign-in).
import { createHash, randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { UserError } from "../../sheets-addon/src/core/engine.js";

const WAIT_MS = 5 * 60_000;

interface Provider {
  issuer: string;
  clientId: string;
  kind: string;
}

async function getJson<T>(url: string, what: string): Promise<T> {
  const res = await fetch(url).catch((error: unknown) => {
    throw new UserError(`无法连接${what}（${url}）：${String(error)}`);
  });
  if (!res.ok) throw new UserError(`${what}答复 ${res.status}（${url}）`);
  return (await res.json()) as T;
}

/** Opens the address in the system's browser; failures are fine (the address is printed too). */
export async function openInBrowser(url: string): Promise<void> {
  const [command, args] = process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : [process.platform === "darwin" ? "open" : "xdg-open", [url]];
  try {
    spawn(command, args as string[], { stdio: "ignore", detached: true }).on("error", () => undefined).unref();
  } catch {
    /* printed for the user to open */
  }
}

export async function browserSignIn(
  apiUrl: string,
  options: { issuer?: string; open?: (url: string) => Promise<void>; progress?: (line: string) => void },
): Promise<string> {
  const { providers } = await getJson<{ providers: Provider[] }>(`${apiUrl}/sign-in`, "台账接口");
  const provider = options.issuer ? providers.find((p) => p.issuer === options.issuer) : providers[0];
  if (!provider) {
    throw new UserError(
      options.issuer
        ? `台账系统不信任身份提供方「${options.issuer}」，可用：${providers.map((p) => p.issuer).join("、") || "（无）"}`
        : "台账系统没有配置可在浏览器中登录的身份提供方：请用 Google 账号在表格插件或网页中创建个人令牌，再运行 login 粘贴",
    );
  }
  const discovery = await getJson<{ authorization_endpoint: string; token_endpoint: string }>(`${provider.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, "身份提供方");
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");

  let done: (result: { code?: string; error?: string }) => void = () => undefined;
  const arrived = new Promise<{ code?: string; error?: string }>((resolve) => (done = resolve));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      res.writeHead(404).end();
      return;
    }
    const ok = url.searchParams.get("state") === state && url.searchParams.has("code");
    res.writeHead(ok ? 200 : 400, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><meta charset="utf-8"><p>${ok ? "登录成功，可以关闭此页面，回到命令行。" : "登录没有完成，请回到命令行重试。"}</p>`);
    done(ok ? { code: url.searchParams.get("code")! } : { error: url.searchParams.get("error_description") ?? url.searchParams.get("error") ?? "state 不符" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  try {
    const authorize = new URL(discovery.authorization_endpoint);
    const query = { response_type: "code", client_id: provider.clientId, redirect_uri: redirectUri, scope: "openid email profile", state, code_challenge: challenge, code_challenge_method: "S256" };
    for (const [k, v] of Object.entries(query)) authorize.searchParams.set(k, v);
    options.progress?.(`请在浏览器中登录（如未自动打开，请复制以下地址到浏览器）：\n${authorize}`);
    await (options.open ?? openInBrowser)(authorize.toString());
    const timer = setTimeout(() => done({ error: "5 分钟内没有完成登录" }), WAIT_MS);
    const result = await arrived;
    clearTimeout(timer);
    if (!result.code) throw new UserError(`浏览器登录没有完成：${result.error}`);
    const res = await fetch(discovery.token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: result.code, redirect_uri: redirectUri, client_id: provider.clientId, code_verifier: verifier }),
    });
    const tokens = (await res.json()) as { id_token?: string; error_description?: string };
    if (!res.ok || !tokens.id_token) throw new UserError(`身份提供方没有发放登录凭证：${tokens.error_description ?? res.status}`);
    return tokens.id_token;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
