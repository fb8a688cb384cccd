// The admin console at /admin/ui/: its own sign-in (POST /admin/session), then one section
// per hash route, each over the admin API.
import { byId } from "../common/dom";
import { ApiError, call, sendJson, setToken, token, whenSignedOut } from "./api";
import { showActions } from "./actions";
import { showAsset, showAssets } from "./assets";
import { showCache, stopCharts } from "./cache";
import { showPreviews } from "./previews";
import { page } from "./ui";
import { showUpload } from "./upload";
import { showUsers } from "./users";

const signIn = byId<HTMLFormElement>("sign-in");
const nav = byId("nav");

function showSignIn() {
  nav.hidden = true;
  page().replaceChildren();
  signIn.hidden = false;
  byId<HTMLInputElement>("sign-in-user").focus();
}

async function route() {
  if (!token()) return showSignIn();
  stopCharts();
  signIn.hidden = true;
  nav.hidden = false;
  const [section, ...rest] = location.hash.replace(/^#/, "").split("/");
  for (const link of nav.querySelectorAll("a"))
    link.toggleAttribute("aria-current", link.getAttribute("href") === `#${section || "assets"}`);
  const arg = decodeURIComponent(rest.join("/"));
  switch (section) {
    case "asset":
      return showAsset(arg);
    case "upload":
      return showUpload();
    case "users":
      return showUsers();
    case "actions":
      return showActions();
    case "previews":
      return showPreviews();
    case "cache":
      return showCache();
    default:
      return showAssets();
  }
}

signIn.addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = byId("sign-in-error");
  error.textContent = "";
  try {
    const response = await sendJson("POST", "/admin/session", {
      user: byId<HTMLInputElement>("sign-in-user").value,
      password: byId<HTMLInputElement>("sign-in-password").value,
    });
    const body = (await response.json()) as { token: string };
    setToken(body.token);
    byId<HTMLInputElement>("sign-in-password").value = "";
    await route();
  } catch (e) {
    error.textContent = e instanceof ApiError ? e.message : "The server cannot be reached.";
  }
});

byId("sign-out").addEventListener("click", async () => {
  await call("/admin/session", { method: "DELETE" }).catch(() => undefined);
  setToken(null);
  showSignIn();
});

whenSignedOut(showSignIn);
window.addEventListener("hashchange", () => void route());
void route();
