// Assets: the catalogue, searched and paged, with thumbnails; one asset's policy editor with
// the "as seen by" panel, and replacing its source.
import { h } from "../common/dom";
import { call, enc, getJson, imageUrl, sendJson, upload } from "./api";
import { showSeenBy } from "./seen_by";
import type { Asset } from "./types";
import { field, page, report, roleChoice, toast } from "./ui";

const PAGE_SIZE = 24;

// A thumbnail as staff see it (the admin's browser holds no viewer session).
async function thumbnail(id: string, img: HTMLImageElement) {
  try {
    const { url } = await imageUrl(`/admin/seen-by/staff/iiif/3/${enc(id)}/full/!160,160/0/default.jpg`);
    img.src = url;
  } catch {
    img.alt = `${id}: no thumbnail`;
  }
}

export async function showAssets(query = "", offset = 0) {
  const root = page();
  const search = h("input", {
    id: "asset-search",
    type: "search",
    value: query,
    placeholder: "identifier or title",
  });
  const form = h(
    "form",
    { class: "row", role: "search" },
    h("label", { for: "asset-search", text: "Search assets" }),
    search,
    h("button", { type: "submit", text: "Search" }),
  );
  form.onsubmit = (e) => {
    e.preventDefault();
    void showAssets(search.value, 0);
  };
  const grid = h("ul", { class: "asset-grid", "aria-label": "Assets" });
  const pager = h("nav", { class: "row", "aria-label": "Pages" });
  root.replaceChildren(h("h2", { text: "Assets" }), form, grid, pager);
  const list = await getJson<{ assets: Asset[]; total: number; complete: boolean }>(
    `/admin/assets?files=true&q=${enc(query)}&offset=${offset}&limit=${PAGE_SIZE}`,
  );
  if (!list.assets.length) grid.append(h("li", { text: "No assets match." }));
  if (!list.complete)
    pager.append(h("p", { text: "The image folder holds more files than one listing reads: some are not shown." }));
  for (const asset of list.assets) {
    const img = h("img", { alt: `${asset.id} thumbnail`, width: 160, height: 160 });
    void thumbnail(asset.id, img);
    grid.append(
      h(
        "li",
        {},
        h(
          "a",
          { href: `#asset/${enc(asset.id)}` },
          img,
          h("strong", { text: asset.id }),
          h("span", {
            text: asset.error
              ? `unreadable: ${asset.error}`
              : `${asset.width} × ${asset.height}${asset.roles.length ? " · restricted" : ""}`,
          }),
        ),
      ),
    );
  }
  const last = Math.min(offset + PAGE_SIZE, list.total);
  pager.append(h("span", { text: `${list.total ? offset + 1 : 0}–${last} of ${list.total}` }));
  if (offset > 0) {
    const prev = h("button", { type: "button", text: "Previous" });
    prev.onclick = () => void showAssets(query, Math.max(0, offset - PAGE_SIZE));
    pager.append(prev);
  }
  if (last < list.total) {
    const next = h("button", { type: "button", text: "Next" });
    next.onclick = () => void showAssets(query, offset + PAGE_SIZE);
    pager.append(next);
  }
}

function numberField(id: string, label: string, value: number) {
  const [l, input] = field(id, label, { type: "number", min: "0", step: "1" });
  input.value = String(value);
  return { nodes: [l, input], input };
}

export async function showAsset(id: string) {
  const root = page();
  const asset = await getJson<Asset>(`/admin/assets/${enc(id)}`);
  const { roles } = await getJson<{ roles: string[] }>("/admin/roles");

  const roleBoxes = roleChoice(roles, "role-", "Roles (a viewer needs one; none = open)", asset.roles);
  const [titleLabel, title] = field("policy-title", "Title");
  title.value = asset.title;
  const maxWidth = numberField("policy-max-width", "maxWidth (0 = none)", asset.maxWidth);
  const openFullMax = numberField("policy-open-full-max", "openFullMax", asset.openFullMax);
  const openMaxWidth = numberField("policy-open-max-width", "openMaxWidth", asset.openMaxWidth);
  const form = h(
    "form",
    { class: "card", id: "policy-form" },
    h("h3", { text: "Access policy" }),
    titleLabel,
    title,
    roleBoxes.fieldset,
    ...maxWidth.nodes,
    ...openFullMax.nodes,
    ...openMaxWidth.nodes,
    h("button", { type: "submit", class: "primary", text: "Save policy" }),
  );
  const seenBy = h("section", { class: "card", "aria-labelledby": "seen-by-heading" });
  form.onsubmit = (e) => {
    e.preventDefault();
    void report("Saving the policy", async () => {
      await sendJson("PUT", `/admin/assets/${enc(id)}/policy`, {
        title: title.value,
        roles: roleBoxes.ticked(),
        maxWidth: Number(maxWidth.input.value),
        openFullMax: Number(openFullMax.input.value),
        openMaxWidth: Number(openMaxWidth.input.value),
      });
      toast(`Policy of ${id} saved.`);
      await showSeenBy(seenBy, id, roles);
    });
  };

  const replace = h("input", { type: "file", id: "replace-file", accept: "image/*" });
  const progress = h("progress", { max: 1, value: 0, "aria-label": "Replacement upload" });
  replace.onchange = () => {
    const file = replace.files?.[0];
    if (!file) return;
    void report("Replacing the source", async () => {
      await upload(`/admin/assets/${enc(id)}/source`, file, (f) => (progress.value = f));
      toast(`Source of ${id} replaced.`);
      await showAsset(id);
    });
  };
  const remove = h("button", { type: "button", class: "danger", text: "Delete asset" });
  remove.onclick = () => {
    if (!confirm(`Delete ${id} and its source?`)) return;
    void report("Deleting", async () => {
      await call(`/admin/assets/${enc(id)}`, { method: "DELETE" });
      location.hash = "#assets";
    });
  };

  root.replaceChildren(
    h("p", {}, h("a", { href: "#assets", text: "← All assets" })),
    h("h2", { text: id }),
    h("p", {
      text: `${asset.width} × ${asset.height} ${asset.format}`,
    }),
    h(
      "p",
      { class: "row" },
      h("a", { href: `/viewer/${enc(id)}`, target: "_blank", text: "Open in the viewer" }),
    ),
    h("div", { class: "columns" }, form, seenBy),
    h(
      "section",
      { class: "card" },
      h("h3", { text: "Source" }),
      h("label", { for: "replace-file", text: "Replace the source image" }),
      replace,
      progress,
      remove,
    ),
  );
  await showSeenBy(seenBy, id, roles);
}
