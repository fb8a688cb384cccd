// Users and roles: GET/PUT/DELETE /admin/users/{name} and /admin/roles/{name}.
import { h } from "../common/dom";
import { call, enc, getJson, sendJson } from "./api";
import type { User } from "./types";
import { field, page, report, roleChoice, toast } from "./ui";

export async function showUsers() {
  const [{ users }, { roles }] = await Promise.all([
    getJson<{ users: User[] }>("/admin/users"),
    getJson<{ roles: string[] }>("/admin/roles"),
  ]);
  const userRows = users.map((u) => {
    const remove = h("button", { type: "button", class: "danger", text: "Delete" });
    remove.onclick = () =>
      void report("Deleting the user", async () => {
        await call(`/admin/users/${enc(u.name)}`, { method: "DELETE" });
        await showUsers();
      });
    return h("tr", {}, h("td", { text: u.name }), h("td", { text: u.roles.join(", ") }), h("td", {}, remove));
  });
  const [nameLabel, name] = field("user-name", "User name", { required: "", autocomplete: "off" });
  const [passLabel, password] = field("user-password", "Password (empty keeps it)", {
    type: "password",
    autocomplete: "new-password",
  });
  const roleBoxes = roleChoice(roles, "user-role-", "Roles");
  const userForm = h(
    "form",
    { class: "card", id: "user-form" },
    h("h3", { text: "Add or change a user" }),
    nameLabel,
    name,
    passLabel,
    password,
    roleBoxes.fieldset,
    h("button", { type: "submit", class: "primary", text: "Save user" }),
  );
  userForm.onsubmit = (e) => {
    e.preventDefault();
    void report("Saving the user", async () => {
      const body: Record<string, unknown> = {
        roles: roleBoxes.ticked(),
      };
      if (password.value) body.password = password.value;
      await sendJson("PUT", `/admin/users/${enc(name.value)}`, body);
      toast(`User ${name.value} saved.`);
      await showUsers();
    });
  };

  const roleItems = roles.map((role) => {
    const remove = h("button", { type: "button", class: "danger", text: "Delete", "aria-label": `Delete role ${role}` });
    remove.onclick = () =>
      void report("Deleting the role", async () => {
        await call(`/admin/roles/${enc(role)}`, { method: "DELETE" });
        await showUsers();
      });
    return h("li", {}, `${role} `, remove);
  });
  const [roleLabel, roleName] = field("role-name", "New role", { required: "" });
  const roleForm = h(
    "form",
    { class: "row", id: "role-form" },
    roleLabel,
    roleName,
    h("button", { type: "submit", text: "Add role" }),
  );
  roleForm.onsubmit = (e) => {
    e.preventDefault();
    void report("Adding the role", async () => {
      await call(`/admin/roles/${enc(roleName.value)}`, { method: "PUT" });
      await showUsers();
    });
  };

  page().replaceChildren(
    h("h2", { text: "Users & roles" }),
    h(
      "table",
      {},
      h("caption", { text: "Users" }),
      h("thead", {}, h("tr", {}, h("th", { text: "Name" }), h("th", { text: "Roles" }), h("th", { text: "" }))),
      h("tbody", {}, ...userRows),
    ),
    userForm,
    h("section", { class: "card" }, h("h3", { text: "Roles" }), h("ul", {}, ...roleItems), roleForm),
  );
}
