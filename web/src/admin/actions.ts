// Imaging actions: the configured catalogue (GET /admin/actions, with each action's canonical
// commands) and a live preview of an action plus a typed transform on an identifier, as a
// chosen visitor would get it (/admin/seen-by/{viewer}/imaging/…, the imaging API's own code);
// the commands it applied come back in X-Imaging-Commands.
import { h } from "../common/dom";
import { ApiError, enc, getJson, imageUrl } from "./api";
import type { Action } from "./types";
import { field, page } from "./ui";

export async function showActions() {
  const [actions, { roles }] = await Promise.all([
    getJson<Action[]>("/admin/actions"),
    getJson<{ roles: string[] }>("/admin/roles"),
  ]);
  const viewer = h("select", { id: "action-as" });
  viewer.append(h("option", { value: "staff", text: "staff (every role of the action and image)" }));
  viewer.append(h("option", { value: "anonymous", text: "an anonymous visitor" }));
  for (const role of roles) viewer.append(h("option", { value: `role:${role}`, text: `a user with role ${role}` }));
  const select = h("select", { id: "action-name" });
  for (const a of actions) select.append(h("option", { value: a.name, text: a.name }));
  const [idLabel, identifier] = field("action-id", "Image identifier", { required: "" });
  const [transformLabel, transform] = field("action-transform", "Transform (simplified syntax, optional)", {
    placeholder: "e.g. rotate=90",
  });
  const commands = h("code", { id: "action-commands" });
  const applied = h("code", { id: "action-applied" });
  const result = h("p", { id: "action-result", role: "status" });
  const img = h("img", { id: "action-preview", alt: "Preview of the action" });
  const describe = () => {
    const a = actions.find((x) => x.name === select.value);
    commands.textContent = a ? a.commands : "";
  };
  select.onchange = describe;
  describe();
  const form = h(
    "form",
    { class: "card", id: "action-form" },
    h("label", { for: "action-name", text: "Action" }),
    select,
    h("p", {}, "Commands: ", commands),
    idLabel,
    identifier,
    transformLabel,
    transform,
    h("label", { for: "action-as", text: "Preview as" }),
    viewer,
    h("button", { type: "submit", class: "primary", text: "Preview" }),
  );
  form.onsubmit = async (e) => {
    e.preventDefault();
    result.textContent = "Rendering…";
    let path = `/admin/seen-by/${enc(viewer.value)}/imaging/${enc(select.value)}/${enc(identifier.value)}`;
    if (transform.value.trim()) path += `/${enc(transform.value.trim())}`;
    try {
      const { url, response } = await imageUrl(path);
      img.src = url;
      await img.decode().catch(() => undefined);
      applied.textContent = response.headers.get("X-Imaging-Commands") ?? "";
      result.textContent = `${img.naturalWidth} × ${img.naturalHeight} ${response.headers.get("Content-Type") ?? ""}`;
    } catch (error) {
      img.removeAttribute("src");
      applied.textContent = "";
      result.textContent =
        error instanceof ApiError ? `Refused (HTTP ${error.status}): ${error.message}` : String(error);
    }
  };
  page().replaceChildren(
    h("h2", { text: "Imaging actions" }),
    actions.length
      ? h("div", { class: "columns" }, form, h("section", { class: "card" }, h("h3", { text: "Preview" }), result, h("p", {}, "Applied: ", applied), img))
      : h("p", { text: "No actions are configured (imaging.actions)." }),
    h(
      "table",
      {},
      h("caption", { text: "All actions" }),
      h("thead", {}, h("tr", {}, ...["Name", "Description", "Roles", "Commands"].map((t) => h("th", { text: t })))),
      h(
        "tbody",
        {},
        ...actions.map((a) =>
          h(
            "tr",
            {},
            h("td", { text: a.name }),
            h("td", { text: a.description }),
            h("td", { text: a.roles.join(", ") || "anyone" }),
            h("td", {}, h("code", { text: a.commands })),
          ),
        ),
      ),
    ),
  );
}
