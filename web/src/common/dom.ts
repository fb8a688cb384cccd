// Small DOM helpers shared by the viewer and the console.

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

// Creates an element with attributes (text content under "text") and children.
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === "text") el.textContent = String(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) el.append(child);
  return el;
}

// A IIIF language map ({"en": ["text"]}) as one string: English, else any language.
export function languageText(map: unknown): string {
  if (!map || typeof map !== "object") return "";
  const m = map as Record<string, string[]>;
  const values = m.en ?? m.none ?? Object.values(m)[0] ?? [];
  return Array.isArray(values) ? values.join(" ") : "";
}
