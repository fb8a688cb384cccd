// "As seen by": what an anonymous visitor, a user holding a chosen role, and staff get of an
// asset, through /admin/seen-by/{viewer}/iiif/3/…, which answers with pictor's IIIF code as
// that viewer: the info.json status and the largest whole image (full/max) they may have.
import { h } from "../common/dom";
import { ApiError, call, enc, imageUrl } from "./api";

// A viewer who may see everything (info.json 200) is shown the whole image at a screen size;
// anyone else gets full/max, which pictor confines to what is open to them.
async function panel(box: HTMLElement, viewer: string, id: string) {
  const base = `/admin/seen-by/${enc(viewer)}/iiif/3/${enc(id)}`;
  const facts = h("p", { class: "facts" });
  const img = h("img", { alt: `${id} as seen by ${viewer}` });
  box.querySelector(".seen")?.remove();
  const holder = h("div", { class: "seen", "data-viewer": viewer }, facts, img);
  box.append(holder);
  const info = await call(`${base}/info.json`).catch((e: unknown) => e);
  const infoStatus = info instanceof Response ? info.status : info instanceof ApiError ? info.status : 0;
  holder.dataset.info = String(infoStatus);
  const whole = infoStatus === 200;
  try {
    const { url } = await imageUrl(`${base}/full/${whole ? "!480,480" : "max"}/0/default.jpg`);
    img.src = url;
    await img.decode();
    holder.dataset.width = String(img.naturalWidth);
    holder.dataset.height = String(img.naturalHeight);
    facts.textContent = whole
      ? `info.json 200: the whole image, at every size up to its limit`
      : `info.json ${infoStatus}: only the open part, at most ${img.naturalWidth} × ${img.naturalHeight}`;
  } catch (e) {
    img.remove();
    holder.dataset.width = "0";
    holder.dataset.height = "0";
    const status = e instanceof ApiError ? e.status : 0;
    facts.textContent = `info.json ${infoStatus}: no image (HTTP ${status}${
      status === 401 ? ", login required" : status === 403 ? ", role missing" : ""
    })`;
  }
}

export async function showSeenBy(root: HTMLElement, id: string, roles: string[]) {
  const anonymous = h("div", { class: "viewer-box", id: "seen-anonymous" }, h("h4", { text: "Anonymous visitor" }));
  const roleSelect = h("select", { id: "seen-role" });
  for (const role of roles) roleSelect.append(h("option", { value: role, text: role }));
  const byRole = h(
    "div",
    { class: "viewer-box", id: "seen-role-box" },
    h("h4", {}, h("label", { for: "seen-role", text: "User with role " }), roleSelect),
  );
  const staff = h("div", { class: "viewer-box", id: "seen-staff" }, h("h4", { text: "Staff" }));
  root.replaceChildren(
    h("h3", { id: "seen-by-heading", text: "As seen by" }),
    h("div", { class: "seen-grid" }, anonymous, byRole, staff),
  );
  roleSelect.onchange = () => void panel(byRole, `role:${roleSelect.value}`, id);
  await Promise.all([
    panel(anonymous, "anonymous", id),
    roles.length ? panel(byRole, `role:${roleSelect.value}`, id) : Promise.resolve(),
    panel(staff, "staff", id),
  ]);
}
