// Who is signed in, under the nav bar: name, role and subdistrict or department (GET /v1/me), and 退出.
import { getMe } from "./api.js";
import { signOut } from "./auth.js";
import { h } from "./dom.js";

export async function showAccount(): Promise<void> {
  const el = document.getElementById("account");
  const me = await getMe().catch(() => undefined);
  if (!el || !me) return;
  const place = (me.subdistrictName ?? me.departmentName) as string | undefined;
  el.replaceChildren(
    h("span", { id: "who", "data-email": me.email, "data-role": me.role }, [me.name ?? me.email, me.roleLabel, place].filter(Boolean).join(" · ")),
    h("button", { type: "button", id: "signOut", class: "link", onclick: () => void signOut() }, "退出"),
  );
  el.hidden = false;
}
