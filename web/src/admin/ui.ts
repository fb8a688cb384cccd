// What every console section shares: the page area, the status line, error reporting.
import { byId, h } from "../common/dom";

export function page(): HTMLElement {
  return byId("page");
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

// Says what happened in the status line (read out by screen readers), for a few seconds.
export function toast(text: string) {
  byId("toast").textContent = text;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (byId("toast").textContent = ""), 6000);
}

// Runs an action of a button or form and reports its failure in the status line.
export async function report(what: string, action: () => Promise<unknown>) {
  try {
    await action();
  } catch (error) {
    toast(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// A labelled input: [label, input], the label bound by id.
export function field(
  id: string,
  label: string,
  attrs: Record<string, string> = {},
): [HTMLLabelElement, HTMLInputElement] {
  const l = document.createElement("label");
  l.htmlFor = id;
  l.textContent = label;
  const input = document.createElement("input");
  input.id = id;
  for (const [k, v] of Object.entries(attrs)) input.setAttribute(k, v);
  return [l, input];
}

// One checkbox per role, ids `${idPrefix}${role}`, ticked for the roles in `checked`; the
// fieldset to put them in, and a reader of the ticked ones.
export function roleChoice(roles: string[], idPrefix: string, legend: string, checked: string[] = []) {
  const boxes = roles.map((role) =>
    h("input", { type: "checkbox", id: `${idPrefix}${role}`, value: role, checked: checked.includes(role) }),
  );
  const fieldset = h(
    "fieldset",
    {},
    h("legend", { text: legend }),
    ...boxes.map((box) => h("label", { class: "check" }, box, ` ${box.value}`)),
  );
  return { fieldset, ticked: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}
