// The preview cache: the keys of a context (GET /admin/previews?context=) and one key's stored
// renditions, each shown from /admin/previews/{key}/image?format=.
import { h } from "../common/dom";
import { enc, getJson, imageUrl } from "./api";
import { field, page } from "./ui";

interface KeyList {
  context: string;
  count: number;
  keys: string[];
}
interface Rendition {
  format: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}
interface KeyFacts {
  key: string;
  width: number;
  height: number;
  sourceFormat: string;
  updated: string;
  renditions: Rendition[];
}

async function showKey(box: HTMLElement, context: string, key: string) {
  const facts = await getJson<KeyFacts>(`/admin/previews/${enc(key)}?context=${enc(context)}`);
  const items = facts.renditions.map((r) => {
    const img = h("img", { alt: `${key} ${r.format}` });
    void imageUrl(
      `/admin/previews/${enc(key)}/image?context=${enc(context)}&format=${enc(r.format)}`,
    ).then(({ url }) => (img.src = url));
    return h(
      "li",
      {},
      img,
      h("span", { text: `${r.format}: ${r.width} × ${r.height}, ${(r.bytes / 1024).toFixed(1)} KiB` }),
    );
  });
  box.replaceChildren(
    h("h3", { text: key }),
    h("p", {
      text: `Source ${facts.width} × ${facts.height} ${facts.sourceFormat}, uploaded ${facts.updated}`,
    }),
    h("ul", { class: "gallery" }, ...items),
  );
}

export async function showPreviews(context = "") {
  const [label, input] = field("preview-context", "Context");
  input.value = context;
  const form = h("form", { class: "row" }, label, input, h("button", { type: "submit", text: "Show keys" }));
  form.onsubmit = (e) => {
    e.preventDefault();
    void showPreviews(input.value);
  };
  const detail = h("section", { class: "card", id: "preview-detail" });
  const list = await getJson<KeyList>(`/admin/previews?context=${enc(context)}`);
  const keys = list.keys.map((key) => {
    const open = h("button", { type: "button", class: "link", text: key });
    open.onclick = () => void showKey(detail, context, key);
    return h("li", {}, open);
  });
  page().replaceChildren(
    h("h2", { text: "Preview cache" }),
    form,
    h("p", { text: `${list.count} keys in context “${context}”.` }),
    h("div", { class: "columns" }, h("ul", { id: "preview-keys" }, ...keys), detail),
  );
}
