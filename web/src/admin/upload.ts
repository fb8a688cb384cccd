// Upload: drop or choose several images; each goes to PUT /admin/assets/{id}/source under an
// identifier made from its file name, with its own progress bar.
import { h } from "../common/dom";
import { ApiError, enc, upload } from "./api";
import { page } from "./ui";

// "My Photo (2).JPG" -> "My_Photo_2.jpg": identifiers stay plain in every dialect's URLs, and
// keep the extension pictor's lookups by file name expect.
export function identifierFor(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase().replace(/[^a-z0-9]/g, "") : "";
  const clean = stem.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[_.]+|_+$/g, "") || "image";
  return ext ? `${clean}.${ext}` : clean;
}

function send(list: HTMLElement, file: File) {
  const id = identifierFor(file.name);
  const bar = h("progress", { max: 1, value: 0, "aria-label": `Upload of ${file.name}` });
  const state = h("span", { class: "state", text: "uploading…" });
  const item = h("li", { "data-id": id }, h("strong", { text: `${file.name} → ${id}` }), bar, state);
  list.append(item);
  upload(`/admin/assets/${enc(id)}/source`, file, (f) => (bar.value = f))
    .then(() => {
      state.replaceChildren(h("a", { href: `#asset/${enc(id)}`, text: "uploaded: edit policy" }));
      item.dataset.done = "ok";
    })
    .catch((e: unknown) => {
      state.textContent = e instanceof ApiError ? `failed: ${e.message}` : "failed";
      item.dataset.done = "failed";
    });
}

export function showUpload() {
  const input = h("input", { type: "file", id: "upload-files", multiple: true, accept: "image/*" });
  const zone = h(
    "div",
    { class: "drop-zone", id: "drop-zone", tabindex: 0, role: "button", "aria-describedby": "drop-help" },
    h("p", { id: "drop-help", text: "Drop images here, or press Enter to choose files." }),
  );
  const list = h("ul", { class: "uploads", id: "upload-list", "aria-live": "polite" });
  const take = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) send(list, file);
  };
  input.onchange = () => take(input.files);
  zone.onclick = () => input.click();
  zone.onkeydown = (e) => (e.key === "Enter" || e.key === " ") && input.click();
  zone.ondragover = (e) => {
    e.preventDefault();
    zone.classList.add("over");
  };
  zone.ondragleave = () => zone.classList.remove("over");
  zone.ondrop = (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    take(e.dataTransfer?.files ?? null);
  };
  page().replaceChildren(
    h("h2", { text: "Upload" }),
    h("p", {
      text: "Each image becomes an asset named after its file; an existing asset keeps its policy and gets the new source.",
    }),
    zone,
    h("label", { for: "upload-files", class: "visually-hidden", text: "Choose images" }),
    input,
    list,
  );
}
