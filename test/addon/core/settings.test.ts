// 设置 over fake ports: the API address a clerk types, where it comes from, who the API says they are, and the
// caches a change of address must drop. The dialog itself runs in test/addon (the built bundle).
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../sheets-addon/src/core/http.js";
import {
  SETTING_API_URL, SETTING_SUBDISTRICT, UserError, apiFor, apiUrlOf, loadReference, messageOf, normalizeApiUrl, refKey, saveSettings, settingsInfo,
} from "../../../sheets-addon/src/core/settings.js";
import { fakeEnv, json } from "./fake-env.js";

const clerk = { email: "li@shangcheng.gov.cn", name: "李四", role: "clerk", subdistrict: "xiaoying" };
const coordinator = { email: "wang@shangcheng.gov.cn", name: "王五", role: "coordinator" };

describe("the API address", () => {
  it("accepts https and a local stack, drops trailing slashes, and refuses anything else in Chinese", () => {
    // Prepare
    const typed = ["  https://abc.execute-api.ap-east-1.amazonaws.com/prod/ ", "http://localhost:8787", "http://127.0.0.1:3000/"];
    // Act
    const normalized = typed.map(normalizeApiUrl);
    const refused = ["http://api.example.cn", "ftp://x", "https://a b.cn", ""].map((u) => () => normalizeApiUrl(u));
    // Assess
    expect(normalized).toEqual(["https://abc.execute-api.ap-east-1.amazonaws.com/prod", "http://localhost:8787", "http://127.0.0.1:3000"]);
    for (const act of refused) expect(act).toThrow(/接口地址应以 https:\/\/ 开头/);
  });

  it("prefers the document's address to the script's default, and says when there is none", () => {
    // Prepare
    const withDefault = fakeEnv(() => undefined, "https://default.example.cn");
    const withNone = fakeEnv(() => undefined, null);
    withDefault.env.documentSettings.set(SETTING_API_URL, "https://doc.example.cn");
    // Act
    const fromDocument = apiUrlOf(withDefault.env);
    withDefault.env.documentSettings.remove(SETTING_API_URL);
    const fromScript = apiUrlOf(withDefault.env);
    const none = apiUrlOf(withNone.env);
    // Assess
    expect(fromDocument).toEqual({ url: "https://doc.example.cn", source: "document" });
    expect(fromScript).toEqual({ url: "https://default.example.cn", source: "script" });
    expect(none).toEqual({ url: "", source: "none" });
  });
});

describe("settingsInfo / saveSettings", () => {
  it("shows a clerk bound to a subdistrict without a choice, and a coordinator the subdistricts to choose from", () => {
    // Prepare
    const asClerk = fakeEnv((r) => (r.url.endsWith("/v1/me") ? json(200, clerk) : undefined));
    const asCoordinator = fakeEnv((r) => (r.url.endsWith("/v1/me") ? json(200, coordinator) : undefined));
    // Act
    const clerkInfo = settingsInfo(asClerk.env);
    const coordinatorInfo = settingsInfo(asCoordinator.env);
    // Assess
    expect(clerkInfo).toMatchObject({ apiUrl: "https://api.example.cn", source: "script", me: { name: "李四" } });
    expect(clerkInfo.subdistricts).toBeUndefined();
    expect(coordinatorInfo.subdistricts!.length).toBeGreaterThan(5);
    expect(coordinatorInfo.subdistricts!.map((s) => s.label)).toContain("小营街道");
  });

  it("keeps the API's refusal as the dialog's error rather than throwing, and asks nothing without an address", () => {
    // Prepare
    const refused = fakeEnv(() => json(401, { title: "未登录" }));
    const unset = fakeEnv(() => undefined, null);
    // Act
    const info = settingsInfo(refused.env);
    const empty = settingsInfo(unset.env);
    // Assess
    expect(info.error).toMatch(/^.+/);
    expect(info.me).toBeUndefined();
    expect(empty).toEqual({ apiUrl: "", source: "none", scriptDefault: "", subdistrict: "" });
    expect(unset.sent).toHaveLength(0);
  });

  it("stores a new address normalized and drops the old address's cached reference; clears address and subdistrict on empty", () => {
    // Prepare
    const { env } = fakeEnv((r) => (r.url.endsWith("/v1/me") ? json(200, coordinator) : undefined));
    const old = apiFor(env, "https://api.example.cn");
    loadReference(env, old);
    const cachedBefore = env.cache.get(refKey(old));
    // Act
    const saved = saveSettings(env, { apiUrl: "https://new.example.cn/", subdistrict: "xiaoying" });
    const cachedAfter = env.cache.get(refKey(old));
    const cleared = saveSettings(env, { apiUrl: " ", subdistrict: "" });
    // Assess
    expect(cachedBefore).not.toBeNull();
    expect(cachedAfter).toBeNull();
    expect(saved).toMatchObject({ apiUrl: "https://new.example.cn", source: "document", subdistrict: "xiaoying" });
    expect(cleared).toMatchObject({ apiUrl: "https://api.example.cn", source: "script", subdistrict: "" });
    expect(env.documentSettings.get(SETTING_SUBDISTRICT)).toBeNull();
  });

  it("refuses a bad address without changing what was saved", () => {
    // Prepare
    const { env } = fakeEnv(() => undefined);
    env.documentSettings.set(SETTING_API_URL, "https://doc.example.cn");
    // Act
    const act = () => saveSettings(env, { apiUrl: "api.example.cn" });
    // Assess
    expect(act).toThrow(UserError);
    expect(env.documentSettings.get(SETTING_API_URL)).toBe("https://doc.example.cn");
  });

  it("reads a corrupt cached reference as a miss and loads it again", () => {
    // Prepare
    const { env, sent } = fakeEnv(() => undefined);
    const api = apiFor(env, "https://api.example.cn");
    env.cache.put(refKey(api), "{not json", 60);
    // Act
    const reference = loadReference(env, api);
    // Assess
    expect(reference.lists.subdistricts!.length).toBeGreaterThan(5);
    expect(sent.filter((r) => r.url.endsWith("/v1/reference"))).toHaveLength(1);
  });
});

describe("messageOf", () => {
  it("shows the clerk's and the API's messages as they are, and marks anything else as the add-on's fault", () => {
    // Prepare
    const errors: unknown[] = [new UserError("请先拉取"), new ApiError("无权限：只能修改本街道", 403, []), new TypeError("x is undefined"), "字符串"];
    // Act
    const messages = errors.map(messageOf);
    // Assess
    expect(messages).toEqual(["请先拉取", "无权限：只能修改本街道", "插件出错：x is undefined", "字符串"]);
  });
});
