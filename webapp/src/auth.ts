// Sign-in for the field app, in one place: getToken() is all the rest of the app knows.
//
// (a) When the API's origin publishes an OpenID Connect discovery document
//     (/.well-known/openid-configuration), the app signs in there with the authorization code flow and
//     PKCE (oidc-client-ts, loaded only then) and uses the access token it gets.
// (b) Test hook: a token placed in sessionStorage under TEST_TOKEN_KEY (the browser tests mint one with the
//     local issuer and put it there before the page loads) is used as it is. It never leaves this tab.
import type { UserManager } from "oidc-client-ts";
import { API_CACHE } from "./cache-names.js";
import { appConfig } from "./config.js";
import { TEST_TOKEN_KEY } from "./token-key.js";

let manager: Promise<UserManager | undefined> | undefined;
let callback: Promise<string | undefined> | undefined;
let redirecting: Promise<void> | undefined;

async function discover(): Promise<UserManager | undefined> {
  const config = await appConfig();
  // The district's provider when configured (AWS: the API serves no discovery document), else the API's
  // own origin (the local stack is its own OpenID Connect provider).
  const authority = config.oidcAuthority ?? location.origin;
  const res = await fetch(`${authority}/.well-known/openid-configuration`).catch(() => undefined);
  if (!res?.ok) return undefined;
  const { UserManager, WebStorageStateStore } = await import("oidc-client-ts");
  return new UserManager({
    authority,
    client_id: config.oidcClientId ?? "outfall-ledger-web",
    redirect_uri: `${location.origin}/app/`,
    post_logout_redirect_uri: `${location.origin}/app/`,
    response_type: "code",
    scope: "openid email profile",
    userStore: new WebStorageStateStore({ store: localStorage }),
    automaticSilentRenew: true,
  });
}

/** The API verifies ID tokens (audience = the app's client id); an access token is only the fallback. */
const bearerOf = (user: { id_token?: string; access_token: string }) => user.id_token ?? user.access_token;

/** A bearer token for the API, or undefined when nobody is signed in (after starting the sign-in redirect). */
export async function getToken(): Promise<string | undefined> {
  const placed = sessionStorage.getItem(TEST_TOKEN_KEY);
  if (placed) return placed;
  manager ??= discover();
  const users = await manager;
  if (!users) {
    // No discovery document (or no answer yet, e.g. no signal): ask again next time instead of never.
    manager = undefined;
    return undefined;
  }
  if (new URLSearchParams(location.search).has("code")) {
    // The page asks for several things at once on its return from the provider: the code is exchanged once.
    callback ??= users.signinRedirectCallback().then((user) => {
      history.replaceState(null, "", (user.state as string | undefined) ?? "/app/");
      return bearerOf(user);
    });
    return callback;
  }
  const user = await users.getUser();
  if (user && !user.expired) return bearerOf(user);
  // Several reads start at once on a page with nobody signed in: one redirect (one state, one PKCE pair).
  if (navigator.onLine) await (redirecting ??= users.signinRedirect({ state: location.pathname }));
  return undefined;
}

/**
 * Signs out on this phone: the user and the API answers the service worker kept for offline use are
 * forgotten (the capture queue is not: a pending capture is sent after the next sign-in), then the
 * provider's end-session page when it has one, else the app again, which starts a new sign-in.
 */
export async function signOut(): Promise<void> {
  sessionStorage.removeItem(TEST_TOKEN_KEY);
  if ("caches" in globalThis) await caches.delete(API_CACHE).catch(() => false);
  const users = await (manager ??= discover());
  if (users) {
    await users.removeUser();
    const endSession = await users.metadataService.getEndSessionEndpoint().catch(() => undefined);
    if (endSession) return users.signoutRedirect();
  }
  location.assign("/app/");
}
